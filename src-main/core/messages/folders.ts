/** Messages about category folders, photo folders and photos (see catalog.ts). */
import type { Entry } from './entry.js';

export const FOLDER_MESSAGES = {
  'folder.duplicate': { code: 'conflict', en: 'A category folder named "{name}" already exists.', ko: '"{name}" 폴더가 이미 있습니다.' },
  'folder.empty_name': { code: 'usage', en: 'A category folder needs a name.', ko: '폴더 이름을 적어 주세요.' },
  'folder.missing': { code: 'not_found', en: 'There is no category folder named "{name}". See `shoebox category list`.', ko: '"{name}" 폴더가 없습니다.' },
  'folder.missing_id': { code: 'not_found', en: 'There is no folder {id}; it may have been deleted.', ko: '폴더 {id}이(가) 없습니다. 삭제되었을 수 있습니다.' },
  'folder.no_prompts': { code: 'usage', en: 'A category folder needs at least one description, e.g. --prompt "a photo of a dog".', ko: '폴더에는 설명이 하나 이상 있어야 합니다(예: "강아지 사진").' },
  'folder.reserved': { code: 'usage', en: '"Unsorted" is where photos go that fit no folder; choose another name.', ko: '"분류 안 됨"은 어느 폴더에도 맞지 않는 사진이 가는 곳입니다. 다른 이름을 고르세요.' },
  'folder.too_long': { code: 'usage', en: 'A folder name can have at most {max} characters.', ko: '폴더 이름은 {max}자까지 쓸 수 있습니다.' },
  'folder.no_choice': { code: 'usage', en: 'Choose at least one folder to write, or Unsorted.', ko: '디스크에 쓸 폴더를 하나 이상 고르거나 "분류 안 됨"을 고르세요.' },

  'photo.missing_id': { code: 'not_found', en: 'There is no photo {id}.', ko: '사진 {id}이(가) 없습니다.' },
  'photo.missing_ids': { code: 'not_found', en: 'Not in the library: photo {ids}.', ko: '라이브러리에 없는 사진: {ids}' },
  'photo.not_in_library': { code: 'not_found', en: '{path} is not in the library. Index its folder first.', ko: '{path}은(는) 라이브러리에 없습니다. 먼저 그 폴더를 색인하세요.' },

  'root.missing': { code: 'not_found', en: 'There is no folder at {path}.', ko: '{path}에 폴더가 없습니다.' },
  'root.not_a_folder': { code: 'not_found', en: '{path} is not a folder.', ko: '{path}은(는) 폴더가 아닙니다.' },
  'root.not_in_library': { code: 'not_found', en: '{path} is not one of the library\'s folders.', ko: '{path}은(는) 라이브러리의 사진 폴더가 아닙니다.' },
  'root.none': { code: 'usage', en: 'No photo folders yet: `shoebox index <folder>` adds one.', ko: '아직 사진 폴더가 없습니다. 사진 폴더를 추가하세요.' },
} as const satisfies Record<string, Entry>;
