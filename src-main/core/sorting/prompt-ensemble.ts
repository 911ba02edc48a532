/**
 * Which texts stand for a folder: the descriptions a person wrote, as
 * written; or, for a folder that has only its name, the name in the CLIP
 * paper's 80 templates (and, for a Korean name with a multilingual model, in
 * Korean templates too), to be averaged into one vector.
 */
import type { ModelFolder } from '../models/model-folder.js';
import type { Category } from '../store/categories.js';
import { folderNameKey } from '../domain/folders.js';
import { CLIP_TEMPLATES, KOREAN_TEMPLATES } from './prompt-templates.js';

/** `groups`: template sets, each averaged, then the groups averaged alike (8 Korean templates weigh as much as 80 English ones). */
export type FolderTexts = { kind: 'written'; texts: string[] } | { kind: 'ensemble'; groups: string[][] };

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
const multilingual = new WeakMap<object, boolean>();

/** A model whose tokenizer has Hangul pieces of its own reads Korean; a byte-level English BPE does not. */
export function readsKorean(model: Pick<ModelFolder, 'tokenizerJson'>): boolean {
  let known = multilingual.get(model.tokenizerJson);
  if (known === undefined) multilingual.set(model.tokenizerJson, (known = HANGUL.test(JSON.stringify(model.tokenizerJson))));
  return known;
}

/** A folder created with only a name is described by its name alone. */
export function isNameOnly(folder: Pick<Category, 'name' | 'prompts'>): boolean {
  return folder.prompts.length === 1 && folderNameKey(folder.prompts[0]!) === folderNameKey(folder.name);
}

export function folderTexts(folder: Pick<Category, 'name' | 'prompts'>, model: Pick<ModelFolder, 'tokenizerJson'>): FolderTexts {
  if (!isNameOnly(folder)) return { kind: 'written', texts: folder.prompts };
  const name = folder.prompts[0]!.trim();
  const fill = (templates: readonly string[]): string[] => templates.map((t) => t.replace('{}', name));
  const korean = HANGUL.test(name) && readsKorean(model);
  return { kind: 'ensemble', groups: korean ? [fill(CLIP_TEMPLATES), fill(KOREAN_TEMPLATES)] : [fill(CLIP_TEMPLATES)] };
}
