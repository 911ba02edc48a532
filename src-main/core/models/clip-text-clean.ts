/**
 * The text clean-up OpenAI's CLIP does before its BPE (`basic_clean` and
 * `whitespace_clean` in clip/simple_tokenizer.py): ftfy.fix_text, then
 * html.unescape twice, then whitespace collapsed. A model trained with it saw
 * "café" where a caption said "caf&eacute;", so the search text must be cleaned
 * the same way to get the same ids.
 *
 * ftfy is a Python library with no npm counterpart; `fixText` below does the
 * fixes of ftfy 6's fix_text that change what CLIP reads, in ftfy's order,
 * repeated until nothing changes (as ftfy does). Left out: ftfy's
 * "badness" heuristics, so mojibake is undone only where every sequence
 * decodes as UTF-8 (which is where ftfy undoes it too), and the rare
 * restore_byte_a0 / decode_inconsistent_utf8 repairs.
 */
import { decodeHTML, decodeHTMLStrict } from 'entities';

/** Windows-1252's characters for bytes 0x80–0x9F; the bytes it leaves undefined read as the C1 character of the same value ("sloppy" 1252, as ftfy). */
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';
const BYTE_OF = new Map<string, number>([...CP1252_HIGH].map((c, i) => [c, 0x80 + i]));
const CONT = `[\\u0080-\\u00bf${CP1252_HIGH.replace(/[\x80-\x9f]/g, '')}]`;
/** A UTF-8 lead byte and its continuation bytes, as a 1252/Latin-1 reader showed them ("Ã©" for "é"). */
const MOJIBAKE = new RegExp(`[\\u00c2-\\u00df]${CONT}|[\\u00e0-\\u00ef]${CONT}{2}|[\\u00f0-\\u00f4]${CONT}{3}`, 'g');
const utf8 = new TextDecoder('utf-8', { fatal: true });

function fixMojibake(text: string): string {
  return text.replace(MOJIBAKE, (seq) => {
    const bytes = Uint8Array.from([...seq], (c) => BYTE_OF.get(c) ?? c.charCodeAt(0));
    try {
      return utf8.decode(bytes);
    } catch {
      return seq;
    }
  });
}

/** ftfy's unescape_html: only entities that end in ";", plus all-caps forms of lower-case names ("&EACUTE;" → "É"). */
function unescapeEntities(text: string): string {
  return text.replace(/&#?[0-9A-Za-z]{1,24};/g, (m) => {
    const decoded = decodeHTMLStrict(m);
    if (decoded !== m) return decoded;
    if (m[1] === '#' || m !== m.toUpperCase()) return m;
    const lower = m.toLowerCase();
    const fromLower = decodeHTMLStrict(lower);
    return fromLower !== lower ? fromLower.toUpperCase() : m;
  });
}

const LIGATURES: Record<string, string> = {
  'Ĳ': 'IJ', 'ĳ': 'ij', 'ŉ': 'ʼn', 'Ǳ': 'DZ', 'ǲ': 'Dz', 'ǳ': 'dz', 'Ǆ': 'DŽ', 'ǅ': 'Dž', 'ǆ': 'dž',
  'Ǉ': 'LJ', 'ǈ': 'Lj', 'ǉ': 'lj', 'Ǌ': 'NJ', 'ǋ': 'Nj', 'ǌ': 'nj',
  'ﬀ': 'ff', 'ﬁ': 'fi', 'ﬂ': 'fl', 'ﬃ': 'ffi', 'ﬄ': 'ffl', 'ﬅ': 'ſt', 'ﬆ': 'st',
};

function fixOnce(text: string, html: boolean): string {
  let t = html ? unescapeEntities(text) : text;
  t = fixMojibake(t);
  t = t.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!); // fix_c1_controls
  t = t.replace(/[\u0132\u0133\u0149\u01c4-\u01cc\u01f1-\u01f3\ufb00-\ufb06]/g, (c) => LIGATURES[c] ?? c); // fix_latin_ligatures
  t = t.replace(/[\u3000\uff01-\uffef]/g, (c) => (c === '\u3000' ? ' ' : c.normalize('NFKC'))); // fix_character_width
  t = t.replace(/[\u201c-\u201f]/g, '"').replace(/[\u02bc\u2018-\u201b]/g, "'"); // uncurl_quotes
  t = t.replace(/\r\n|[\r\u2028\u2029\x85]/g, '\n'); // fix_line_breaks
  t = t.replace(/\x1b\[[\d;]*[a-zA-Z]/g, ''); // remove_terminal_escapes
  t = t.replace(/[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g, ''); // remove_control_chars
  return t.normalize('NFC');
}

/** ftfy.fix_text's fixes that matter here (see above), until the text is stable. */
export function fixText(text: string): string {
  // ftfy leaves entities alone in text that has a "<" (it may be HTML that means them literally).
  const html = !text.includes('<');
  for (let i = 0; i < 16; i++) {
    const next = fixOnce(text, html);
    if (next === text) break;
    text = next;
  }
  return text;
}

/** OpenAI CLIP's `whitespace_clean(basic_clean(text))`. */
export function clipCleanText(text: string): string {
  const basic = decodeHTML(decodeHTML(fixText(text))).trim();
  return basic.replace(/\s+/g, ' ').trim();
}
