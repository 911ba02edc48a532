/**
 * Every error a user can see, by message code, in every language the app
 * speaks. The core throws `fail(key, params)`; the code, key and params cross
 * the API unchanged, so the window words the error in the user's language
 * (describeError) and the CLI prints the English text.
 *
 * Browser-safe: no imports but types, so the renderer bundles it as is.
 */
import type { Entry } from './entry.js';

export type Params = Record<string, string | number>;

/** Keep keys grouped by area and sorted within a group; `{name}` is a parameter. */
export const ERROR_MESSAGES = {
  // ------------------------------------------------------------ generic fallbacks, one per code
  'generic.usage': { code: 'usage', en: 'That request was not understood: {detail}', ko: '요청을 이해하지 못했습니다: {detail}' },
  'generic.not_found': { code: 'not_found', en: 'Not found: {detail}', ko: '찾을 수 없습니다: {detail}' },
  'generic.no_model': { code: 'no_model', en: 'No model chosen yet. Choose one in Settings.', ko: '아직 모델을 고르지 않았습니다. 설정에서 고르세요.' },
  'generic.bad_model': { code: 'bad_model', en: 'The model cannot be used: {detail}', ko: '이 모델은 쓸 수 없습니다: {detail}' },
  'generic.bad_photo': { code: 'bad_photo', en: 'The photo cannot be read: {detail}', ko: '사진을 읽을 수 없습니다: {detail}' },
  'generic.conflict': { code: 'conflict', en: 'Not now: {detail}', ko: '지금은 할 수 없습니다: {detail}' },
  'generic.io': { code: 'io', en: 'A file could not be read or written: {detail}', ko: '파일을 읽거나 쓸 수 없습니다: {detail}' },
  'generic.network': { code: 'network', en: 'The download failed: {detail}', ko: '내려받기에 실패했습니다: {detail}' },
  'generic.cancelled': { code: 'cancelled', en: 'Stopped.', ko: '멈췄습니다.' },
  'generic.internal': { code: 'internal', en: 'Something went wrong: {detail}', ko: '문제가 생겼습니다: {detail}' },

  // ------------------------------------------------------------ app
  'app.electron_only': { code: 'usage', en: 'The folder picker is only available in the desktop app.', ko: '폴더 선택 창은 데스크톱 앱에서만 열 수 있습니다.' },

  // ------------------------------------------------------------ duplicates
  'duplicates.bad_kind': { code: 'usage', en: '--kind must be one of {kinds}, not "{kind}".', ko: '--kind는 {kinds} 중 하나여야 합니다. "{kind}"은(는) 쓸 수 없습니다.' },
  'duplicates.confirm': { code: 'usage', en: 'Say --dry-run to see what would move, or --yes to move it.', ko: '옮길 내용을 보려면 --dry-run을, 옮기려면 --yes를 지정하세요.' },
  'duplicates.dest_in_library': { code: 'usage', en: '{dest} is inside a photo folder of the library: the removed copies would be found again. Choose a folder outside {root}.', ko: '{dest}은(는) 라이브러리의 사진 폴더 안에 있어 옮긴 사본이 다시 발견됩니다. {root} 밖의 폴더를 고르세요.' },
  'duplicates.group_gone': { code: 'not_found', en: 'That group is no longer there (its photos changed); the list was updated.', ko: '그 묶음은 더 이상 없습니다(사진이 바뀌었습니다). 목록을 새로 고쳤습니다.' },
  'duplicates.no_recycle_bin': { code: 'usage', en: '{path} is on a network drive, which has no Recycle Bin: --to <folder> (outside your photo folders) receives the copies instead; `shoebox undo` puts them back.', ko: '{path}은(는) 휴지통이 없는 네트워크 드라이브에 있습니다. 대신 --to <폴더>(사진 폴더 밖)로 사본을 옮기세요. `shoebox undo`로 되돌릴 수 있습니다.' },
  'duplicates.no_such_group': { code: 'not_found', en: 'There is no group {group}; `shoebox duplicates` lists them (1 to {count}).', ko: '{group}번 묶음이 없습니다. `shoebox duplicates`에서 목록(1~{count})을 볼 수 있습니다.' },
  'duplicates.no_trash': { code: 'usage', en: 'Shoebox cannot use this system\'s trash yet: --to <folder> (outside your photo folders) receives the copies instead; `shoebox undo` puts them back.', ko: 'Shoebox가 이 시스템의 휴지통을 아직 쓸 수 없습니다. 대신 --to <폴더>(사진 폴더 밖)로 사본을 옮기세요. `shoebox undo`로 되돌릴 수 있습니다.' },
  'duplicates.not_in_group': { code: 'usage', en: 'Photo {id} is not in this group.', ko: '{id}번 사진은 이 묶음에 없습니다.' },
  'duplicates.unknown_command': { code: 'usage', en: 'Unknown: duplicates {command} (did you mean `duplicates resolve`?).', ko: '알 수 없는 명령입니다: duplicates {command} (`duplicates resolve`를 말씀하신 건가요?)' },
  'duplicates.which': { code: 'usage', en: 'Say which groups: --group N or --all.', ko: '어느 묶음인지 지정하세요: --group N 또는 --all.' },
  // ------------------------------------------------------------ folder
  'folder.bad_position': { code: 'usage', en: 'Say where the folder goes with --to: 1 for the first place, up to {max} for the last.', ko: '폴더를 둘 자리를 --to로 적으세요. 맨 앞은 1, 맨 뒤는 {max}입니다.' },
  'folder.duplicate': { code: 'conflict', en: 'A folder named "{name}" already exists.', ko: '"{name}" 폴더가 이미 있습니다.' },
  'folder.empty_name': { code: 'usage', en: 'A folder needs a name.', ko: '폴더 이름을 적어 주세요.' },
  'folder.missing': { code: 'not_found', en: 'There is no folder named "{name}". See `shoebox folder list`.', ko: '"{name}" 폴더가 없습니다.' },
  'folder.missing_id': { code: 'not_found', en: 'There is no folder {id}; it may have been deleted.', ko: '폴더 {id}이(가) 없습니다. 삭제되었을 수 있습니다.' },
  'folder.no_choice': { code: 'usage', en: 'Choose at least one folder to write, or Unsorted.', ko: '디스크에 쓸 폴더를 하나 이상 고르거나 "분류 안 됨"을 고르세요.' },
  'folder.no_prompts': { code: 'usage', en: 'A folder needs at least one description, e.g. --prompt "a photo of a dog".', ko: '폴더에는 설명이 하나 이상 있어야 합니다(예: "강아지 사진").' },
  'folder.reserved': { code: 'usage', en: '"Unsorted" is where photos go that fit no folder; choose another name.', ko: '"분류 안 됨"은 어느 폴더에도 맞지 않는 사진이 가는 곳입니다. 다른 이름을 고르세요.' },
  'folder.too_long': { code: 'usage', en: 'A folder name can have at most {max} characters.', ko: '폴더 이름은 {max}자까지 쓸 수 있습니다.' },

  // ------------------------------------------------------------ imaging
  'imaging.damaged': { code: 'bad_photo', en: 'The image is damaged or incomplete ({detail}).', ko: '이미지가 손상되었거나 불완전합니다 ({detail}).' },
  'imaging.empty_file': { code: 'bad_photo', en: 'The file is empty.', ko: '파일이 비어 있습니다.' },
  'imaging.heic_damaged': { code: 'bad_photo', en: 'The HEIC image is damaged or unsupported ({detail}).', ko: 'HEIC 이미지가 손상되었거나 지원하지 않는 형식입니다 ({detail}).' },
  'imaging.heic_no_image': { code: 'bad_photo', en: 'The HEIC file holds no image.', ko: 'HEIC 파일에 이미지가 없습니다.' },
  'imaging.over_pixel_limit': { code: 'bad_photo', en: 'The image is larger than the pixel limit ({detail}).', ko: '이미지가 픽셀 한도보다 큽니다 ({detail}).' },
  'imaging.pixels_unreadable': { code: 'bad_photo', en: 'The image is damaged or incomplete: its pixels could not be read ({detail}).', ko: '이미지가 손상되었거나 불완전합니다. 픽셀을 읽을 수 없습니다 ({detail}).' },
  'imaging.too_large': { code: 'bad_photo', en: 'The file is {mb} MB, more than the {max} MB a photo may have; it was not read.', ko: '파일이 {mb}MB로, 사진 한 장의 한도인 {max}MB보다 큽니다. 읽지 않았습니다.' },
  'imaging.too_many_pixels': { code: 'bad_photo', en: 'The image is {width}×{height} pixels, over the limit of {max} pixels.', ko: '이미지가 {width}×{height} 픽셀로, 한도인 {max} 픽셀을 넘습니다.' },
  'imaging.undecodable': { code: 'bad_photo', en: 'The image could not be decoded ({detail}).', ko: '이미지를 디코딩할 수 없습니다 ({detail}).' },
  'imaging.unsupported_format': { code: 'bad_photo', en: 'Not an image Shoebox can read (unknown or unsupported format).', ko: 'Shoebox가 읽을 수 있는 이미지가 아닙니다 (알 수 없거나 지원하지 않는 형식).' },

  // ------------------------------------------------------------ index
  'index.disk_full': { code: 'io', en: 'The disk is full: free about {mb} MB on the drive of {dir} and index again. The photos indexed so far are kept.', ko: '디스크가 가득 찼습니다. {dir}이(가) 있는 드라이브에서 약 {mb}MB를 비운 뒤 다시 색인하세요. 지금까지 색인한 사진은 남아 있습니다.' },
  'index.file_unreadable': { code: 'io', en: 'Could not read the file ({detail}).', ko: '파일을 읽을 수 없습니다 ({detail}).' },
  'index.model_failed': { code: 'bad_model', en: 'The model failed on the photos: {detail}. Indexing stopped; the photos indexed so far are kept. Check the model folder or choose another model.', ko: '모델이 사진을 처리하지 못했습니다: {detail}. 색인을 멈췄습니다. 지금까지 색인한 사진은 남아 있습니다. 모델 폴더를 확인하거나 다른 모델을 고르세요.' },
  'index.write_failed': { code: 'io', en: 'Could not write to the library in {dir}: {detail}. Indexing stopped; the photos indexed so far are kept.', ko: '{dir}의 보관함에 쓸 수 없습니다: {detail}. 색인을 멈췄습니다. 지금까지 색인한 사진은 남아 있습니다.' },

  // ------------------------------------------------------------ job
  'job.busy_model': { code: 'conflict', en: 'A model download or switch is running; wait for it or pause it first.', ko: '모델을 내려받거나 바꾸는 중입니다. 끝나기를 기다리거나 먼저 일시 중지하세요.' },
  'job.busy_organize': { code: 'conflict', en: 'Photos are being written to disk; wait for that to finish first.', ko: '사진을 디스크에 쓰는 중입니다. 끝날 때까지 기다리세요.' },
  'job.busy_switch': { code: 'conflict', en: 'The library is being re-read with another model; wait for it (or pause it) first.', ko: '다른 모델로 라이브러리를 다시 읽는 중입니다. 끝나기를 기다리거나 먼저 일시 중지하세요.' },
  'job.stopped': { code: 'internal', en: 'The {what} stopped unexpectedly (exit {exit}).', ko: '{what} 작업이 예기치 않게 멈췄습니다(종료 코드 {exit}).' },

  // ------------------------------------------------------------ library
  'library.read_only': { code: 'io', en: 'The library folder {dir} cannot be written to (read-only, or no permission). Make it writable, or choose another library folder (--library <dir>).', ko: '보관함 폴더 {dir}에 쓸 수 없습니다 (읽기 전용이거나 권한이 없습니다). 쓸 수 있게 하거나 다른 보관함 폴더를 고르세요 (명령줄에서는 --library <dir>).' },

  // ------------------------------------------------------------ models
  'models.accelerator_needs_model': { code: 'no_model', en: 'Choose a model first; the accelerator is where it runs.', ko: '먼저 모델을 고르세요. 가속 장치는 모델이 실행될 곳입니다.' },
  'models.bad_id': { code: 'usage', en: '"{id}" cannot be a model id: use letters, digits, ".", "_" and "-".', ko: '"{id}"은(는) 모델 ID로 쓸 수 없습니다. 영문 글자, 숫자, ".", "_", "-"만 쓰세요.' },
  'models.busy': { code: 'conflict', en: '"{id}" is being downloaded or switched to; stop that first.', ko: '"{id}" 모델을 내려받거나 바꾸는 중입니다. 먼저 멈추세요.' },
  'models.catalog_bad_json': { code: 'internal', en: 'The model catalog {file} is not valid JSON: {detail}', ko: '모델 목록 {file}이(가) 올바른 JSON이 아닙니다: {detail}' },
  'models.catalog_default_missing': { code: 'internal', en: 'The model catalog\'s default "{id}" is not in it.', ko: '모델 목록의 기본 모델 "{id}"이(가) 목록에 없습니다.' },
  'models.catalog_duplicate': { code: 'internal', en: 'The model catalog {file} lists "{id}" twice.', ko: '모델 목록 {file}에 "{id}"이(가) 두 번 있습니다.' },
  'models.catalog_malformed': { code: 'internal', en: 'The model catalog {file} is malformed: {detail}', ko: '모델 목록 {file}의 형식이 잘못되었습니다: {detail}' },
  'models.catalog_missing': { code: 'not_found', en: 'No model catalog at {file}.', ko: '{file}에 모델 목록이 없습니다.' },
  'models.catalog_unknown': { code: 'not_found', en: 'No model "{id}" in the catalog. Known: {known}.', ko: '모델 목록에 "{id}" 모델이 없습니다. 있는 모델: {known}.' },
  'models.damaged_checksum': { code: 'bad_model', en: 'The model "{id}" is damaged: {file} does not match its checksum. Remove it with `shoebox model remove {id}` and download or import it again.', ko: '"{id}" 모델이 손상되었습니다. {file}이(가) 체크섬과 맞지 않습니다. `shoebox model remove {id}`로 삭제한 뒤 다시 다운로드하거나 가져오세요.' },
  'models.damaged_missing': { code: 'bad_model', en: 'The model "{id}" is damaged: {file} is missing. Remove it with `shoebox model remove {id}` and download or import it again.', ko: '"{id}" 모델이 손상되었습니다. {file}이(가) 없습니다. `shoebox model remove {id}`로 삭제한 뒤 다시 다운로드하거나 가져오세요.' },
  'models.damaged_size': { code: 'bad_model', en: 'The model "{id}" is damaged: {file} is {size} bytes, not {expected}. Remove it with `shoebox model remove {id}` and download or import it again.', ko: '"{id}" 모델이 손상되었습니다. {file}의 크기가 {expected}바이트가 아니라 {size}바이트입니다. `shoebox model remove {id}`로 삭제한 뒤 다시 다운로드하거나 가져오세요.' },
  'models.dim_mismatch': { code: 'bad_model', en: 'The image tower {imageFile} gives embeddings of {image} numbers but the text tower {textFile} gives {text}: the two ONNX files are not from the same model.', ko: '이미지 타워 {imageFile}은(는) 숫자 {image}개짜리 임베딩을, 텍스트 타워 {textFile}은(는) {text}개짜리 임베딩을 냅니다. 두 ONNX 파일은 같은 모델의 것이 아닙니다.' },
  'models.dim_not_catalog': { code: 'bad_model', en: '{id} gives {dim}-number embeddings, but the catalog says {expected}. Nothing was installed.', ko: '{id}의 임베딩은 숫자 {dim}개인데 모델 목록에는 {expected}개로 되어 있습니다. 아무것도 설치하지 않았습니다.' },
  'models.download_cancelled': { code: 'cancelled', en: 'Download of {what} cancelled.', ko: '{what} 다운로드를 취소했습니다.' },
  'models.download_checksum': { code: 'bad_model', en: '{url} does not match its expected checksum (sha256 {digest}, expected {expected}). The file was deleted and nothing was installed; try again, and report it if it happens again.', ko: '{url}이(가) 예상한 체크섬과 맞지 않습니다 (sha256 {digest}, 예상 {expected}). 파일을 삭제했고 아무것도 설치하지 않았습니다. 다시 시도해 보시고, 또 그러면 알려 주세요.' },
  'models.download_failed': { code: 'network', en: 'Could not download {url} after {attempts} attempts ({detail}). Check your connection and run the same command again: it resumes where it stopped.', ko: '{attempts}번 시도했지만 {url}을(를) 다운로드하지 못했습니다 ({detail}). 연결을 확인하고 다시 실행하세요. 멈춘 곳부터 이어서 받습니다.' },
  'models.download_size_mismatch': { code: 'bad_model', en: '{url} gave {size} bytes, not the {expected} expected. The partial file was deleted; try again.', ko: '{url}에서 받은 파일이 {size}바이트로, 예상한 {expected}바이트와 다릅니다. 받던 파일은 삭제했습니다. 다시 시도하세요.' },
  'models.download_stopped_early': { code: 'network', en: 'Could not download {url} after {attempts} attempts (the transfer stopped early). Check your connection and run the same command again: it resumes where it stopped.', ko: '{attempts}번 시도했지만 {url}을(를) 다운로드하지 못했습니다 (전송이 도중에 끊겼습니다). 연결을 확인하고 다시 실행하세요. 멈춘 곳부터 이어서 받습니다.' },
  'models.embedding_shape': { code: 'bad_model', en: '{file} gave an output of shape [{shape}] for {count} input(s); it must give one embedding per input ([{count}, size]).', ko: '{file}이(가) 입력 {count}개에 [{shape}] 모양의 출력을 냈습니다. 입력마다 임베딩 하나([{count}, 크기])를 내야 합니다.' },
  'models.folder_bad_json': { code: 'bad_model', en: '{file} is not valid JSON ({detail}). The model may be incomplete: download or import it again.', ko: '{file}이(가) 올바른 JSON이 아닙니다 ({detail}). 모델이 불완전할 수 있습니다. 다시 다운로드하거나 가져오세요.' },
  'models.folder_missing_file': { code: 'bad_model', en: 'The model folder is missing {what} ({file}).', ko: '모델 폴더에 {what}이(가) 없습니다 ({file}).' },
  'models.folder_no_image_tower': { code: 'bad_model', en: '{dir} is missing the image tower ({file}).', ko: '{dir}에 이미지 타워({file})가 없습니다.' },
  'models.folder_no_onnx': { code: 'bad_model', en: '{dir} has no onnx/vision_model*.onnx and onnx/text_model*.onnx. Is it a CLIP model exported for Transformers.js?', ko: '{dir}에 onnx/vision_model*.onnx와 onnx/text_model*.onnx가 없습니다. Transformers.js용으로 내보낸 CLIP 모델이 맞나요?' },
  'models.folder_no_text_tower': { code: 'bad_model', en: '{dir} is missing the text tower ({file}).', ko: '{dir}에 텍스트 타워({file})가 없습니다.' },
  'models.folder_not_found': { code: 'bad_model', en: 'No model folder at {dir}. Pass --model <folder> with a CLIP model in the Hugging Face (onnx/) or Immich (visual/, textual/) layout.', ko: '{dir}에 모델 폴더가 없습니다. Hugging Face(onnx/) 또는 Immich(visual/, textual/) 구조의 CLIP 모델 폴더를 지정하세요 (명령줄에서는 --model <folder>).' },
  'models.in_use': { code: 'conflict', en: '"{id}" is the model in use. Use another model first.', ko: '"{id}"은(는) 지금 쓰는 모델입니다. 먼저 다른 모델로 바꾸세요.' },
  'models.incomplete': { code: 'bad_model', en: 'The model in {dir} is incomplete (its download or import did not finish). Run `shoebox model download {id}` or import it again.', ko: '{dir}의 모델이 불완전합니다 (다운로드나 가져오기가 끝나지 않았습니다). `shoebox model download {id}`을(를) 실행하거나 다시 가져오세요.' },
  'models.licence': { code: 'usage', en: '{name} is under "{licence}": accept its licence to download it.', ko: '{name} 모델은 "{licence}" 라이선스를 따릅니다. 내려받으려면 라이선스에 동의하세요.' },
  'models.licence_noncommercial': {
    code: 'usage',
    en: '{name} is under "{licence}" (no commercial use): accept its licence to download it.',
    ko: '{name} 모델은 "{licence}" 라이선스를 따르며 상업적으로 쓸 수 없습니다. 내려받으려면 라이선스에 동의하세요.',
  },
  'models.licence_required': { code: 'usage', en: '{name} is under the licence "{licence}". Accept it explicitly to download.', ko: '{name}은(는) “{licence}” 라이선스를 따릅니다. 다운로드하려면 라이선스에 명시적으로 동의하세요.' },
  'models.licence_required_noncommercial': { code: 'usage', en: '{name} is under the licence "{licence}", which does not allow commercial use. Accept it explicitly to download.', ko: '{name}은(는) 상업적 사용을 허용하지 않는 “{licence}” 라이선스를 따릅니다. 다운로드하려면 라이선스에 명시적으로 동의하세요.' },
  'models.no_embedding_output': { code: 'bad_model', en: '{file} declares no embedding output (it has {outputs}).', ko: '{file}에 임베딩 출력이 없습니다 (있는 출력: {outputs}).' },
  'models.no_execution_provider': { code: 'internal', en: 'No execution provider could be created.', ko: 'ONNX Runtime 실행 공급자를 하나도 만들 수 없습니다.' },
  'models.none_chosen': { code: 'no_model', en: 'No model chosen yet. Name a CLIP model folder once with --model <folder> (Hugging Face onnx/ or Immich layout), or download one with `shoebox model download`.', ko: '아직 모델을 고르지 않았습니다. 설정에서 CLIP 모델 폴더(Hugging Face onnx/ 또는 Immich 구조)를 고르거나 모델을 다운로드하세요 (명령줄에서는 --model <folder> 또는 `shoebox model download`).' },
  'models.not_finite': { code: 'bad_model', en: '{file} gave NaN or infinite embeddings on a test input: its weights are damaged, or the preprocessing in {config} does not belong to it.', ko: '{file}이(가) 시험 입력에서 NaN이나 무한대 임베딩을 냈습니다. 가중치가 손상되었거나 {config}의 전처리 설정이 이 모델의 것이 아닙니다.' },
  'models.not_installed': { code: 'not_found', en: 'No model "{id}" is installed.', ko: '설치된 "{id}" 모델이 없습니다.' },
  'models.not_installed_yet': { code: 'not_found', en: 'The model "{id}" is not installed; download or import it first.', ko: '"{id}" 모델이 설치되어 있지 않습니다. 먼저 내려받거나 가져오세요.' },
  'models.onnx_cannot_load': { code: 'bad_model', en: 'ONNX Runtime cannot load {file}: {detail}. The file may be incomplete or corrupted: download or import the model again.', ko: 'ONNX Runtime이 {file}을(를) 불러올 수 없습니다: {detail}. 파일이 불완전하거나 손상되었을 수 있습니다. 모델을 다시 다운로드하거나 가져오세요.' },
  'models.preprocess_bad_choice': { code: 'bad_model', en: '{file}: "{field}" must be one of {allowed}, not {got}.', ko: '{file}: "{field}" 값은 {allowed} 중 하나여야 하는데 {got}입니다.' },
  'models.preprocess_bad_shape': { code: 'bad_model', en: '{file}: "{field}" must be a number of pixels, or an object with "shortest_edge" or with "height" and "width", not {got}.', ko: '{file}: "{field}" 값은 픽셀 수이거나, "shortest_edge" 또는 "height"와 "width"가 있는 객체여야 하는데 {got}입니다.' },
  'models.preprocess_bad_size': { code: 'bad_model', en: '{file}: "{field}" must be a whole number of pixels from 1 to {max}, not {got}.', ko: '{file}: "{field}" 값은 1부터 {max} 사이의 정수 픽셀 수여야 하는데 {got}입니다.' },
  'models.preprocess_missing': { code: 'bad_model', en: '{file} has no "{field}".', ko: '{file}에 "{field}" 값이 없습니다.' },
  'models.preprocess_not_numbers': { code: 'bad_model', en: '{file}: "{field}" must be a number or a list of three numbers, not {got}.', ko: '{file}: "{field}" 값은 숫자 하나나 숫자 세 개의 목록이어야 하는데 {got}입니다.' },
  'models.preprocess_not_positive': { code: 'bad_model', en: '{file}: "{field}" must be greater than 0, not {got}: with it every photo\'s vector would be NaN. The config does not belong to a usable model.', ko: '{file}: "{field}" 값은 0보다 커야 하는데 {got}입니다. 이 값으로는 모든 사진의 벡터가 NaN이 됩니다. 쓸 수 있는 모델의 설정이 아닙니다.' },
  'models.server_missing_file': { code: 'network', en: 'The server has no file at {url} (HTTP {status}). The model catalog may be out of date.', ko: '서버에 {url} 파일이 없습니다 (HTTP {status}). 모델 목록이 오래되었을 수 있습니다.' },
  'models.server_refused': { code: 'network', en: 'The server refused {url} (HTTP {status} {statusText}).', ko: '서버가 {url} 요청을 거부했습니다 (HTTP {status} {statusText}).' },
  'models.text_input_not_tensor': { code: 'bad_model', en: '{file} input "{input}" must be token ids (integers) but is not a tensor. Are the vision and text files swapped?', ko: '{file}의 입력 "{input}"은(는) 토큰 ID(정수)여야 하는데 텐서가 아닙니다. 이미지 파일과 텍스트 파일이 뒤바뀌지 않았나요?' },
  'models.text_input_wrong': { code: 'bad_model', en: '{file} input "{input}" must be token ids (integers) but is {got}. Are the vision and text files swapped?', ko: '{file}의 입력 "{input}"은(는) 토큰 ID(정수)여야 하는데 {got}입니다. 이미지 파일과 텍스트 파일이 뒤바뀌지 않았나요?' },
  'models.text_test_failed': { code: 'bad_model', en: '{file} failed on a test text: {detail}', ko: '{file}이(가) 시험용 텍스트에서 실패했습니다: {detail}' },
  'models.text_tower_unloadable': { code: 'bad_model', en: 'The text tower {file} is not a loadable ONNX model ({detail}). The file may be truncated or corrupted: download or copy it again.', ko: '텍스트 타워 {file}은(는) 불러올 수 있는 ONNX 모델이 아닙니다 ({detail}). 파일이 잘렸거나 손상되었을 수 있습니다. 다시 다운로드하거나 복사하세요.' },
  'models.unknown_target': { code: 'not_found', en: '"{target}" is neither an installed model nor a folder. See `shoebox model list`.', ko: '"{target}"은(는) 설치된 모델도 폴더도 아닙니다.' },
  'models.vision_input_missing': { code: 'bad_model', en: '{file} must take an image batch (float [batch, 3, height, width]) but takes no tensor input. Are the vision and text files swapped?', ko: '{file}은(는) 이미지 묶음(float [batch, 3, height, width])을 입력으로 받아야 하는데 텐서 입력이 없습니다. 이미지 파일과 텍스트 파일이 뒤바뀌지 않았나요?' },
  'models.vision_input_wrong': { code: 'bad_model', en: '{file} must take an image batch (float [batch, 3, height, width]) but takes {got}. Are the vision and text files swapped?', ko: '{file}은(는) 이미지 묶음(float [batch, 3, height, width])을 입력으로 받아야 하는데 {got}을(를) 받습니다. 이미지 파일과 텍스트 파일이 뒤바뀌지 않았나요?' },
  'models.vision_size_mismatch': { code: 'bad_model', en: '{file} takes images of [{shape}], but the preprocessing config makes 3×{height}×{width}. The config files do not belong to this model.', ko: '{file}은(는) [{shape}] 크기의 이미지를 받는데 전처리 설정은 3×{height}×{width} 이미지를 만듭니다. 설정 파일이 이 모델의 것이 아닙니다.' },
  'models.vision_test_failed': { code: 'bad_model', en: '{file} failed on a test image: {detail}', ko: '{file}이(가) 시험용 이미지에서 실패했습니다: {detail}' },
  'models.vision_tower_unloadable': { code: 'bad_model', en: 'The vision (image) tower {file} is not a loadable ONNX model ({detail}). The file may be truncated or corrupted: download or copy it again.', ko: '이미지 타워 {file}은(는) 불러올 수 있는 ONNX 모델이 아닙니다 ({detail}). 파일이 잘렸거나 손상되었을 수 있습니다. 다시 다운로드하거나 복사하세요.' },
  'models.write_denied': { code: 'io', en: 'Cannot write {path}: permission denied. Choose another library folder, or free space / fix its permissions.', ko: '{path}에 쓸 수 없습니다: 권한이 없습니다. 다른 보관함 폴더를 고르거나, 공간을 비우거나 권한을 고치세요.' },
  'models.write_disk_full': { code: 'io', en: 'Cannot write {path}: the disk is full. Choose another library folder, or free space / fix its permissions.', ko: '{path}에 쓸 수 없습니다: 디스크가 가득 찼습니다. 다른 보관함 폴더를 고르거나, 공간을 비우거나 권한을 고치세요.' },
  'models.write_failed': { code: 'io', en: 'Cannot write {path}: {detail}. Choose another library folder, or free space / fix its permissions.', ko: '{path}에 쓸 수 없습니다: {detail}. 다른 보관함 폴더를 고르거나, 공간을 비우거나 권한을 고치세요.' },
  'models.write_not_folder': { code: 'io', en: 'Cannot write {path}: part of the path is a file, not a folder. Choose another library folder, or free space / fix its permissions.', ko: '{path}에 쓸 수 없습니다: 경로의 일부가 폴더가 아니라 파일입니다. 다른 보관함 폴더를 고르거나, 공간을 비우거나 권한을 고치세요.' },
  'models.write_read_only': { code: 'io', en: 'Cannot write {path}: the disk is read-only. Choose another library folder, or free space / fix its permissions.', ko: '{path}에 쓸 수 없습니다: 읽기 전용 디스크입니다. 다른 보관함 폴더를 고르거나, 공간을 비우거나 권한을 고치세요.' },

  // ------------------------------------------------------------ organize
  'organize.already_undone': { code: 'conflict', en: 'Apply #{id} was already undone.', ko: '#{id} 적용 작업은 이미 실행 취소했습니다.' },
  'organize.bad_mode': { code: 'usage', en: 'The mode must be one of {modes}, not "{mode}".', ko: '방법은 {modes} 중 하나여야 합니다. "{mode}"은(는) 쓸 수 없습니다.' },
  'organize.busy': { code: 'conflict', en: 'Another apply or undo is running; wait for it to finish.', ko: '다른 적용이나 되돌리기가 진행 중입니다. 끝날 때까지 기다리세요.' },
  'organize.busy_elsewhere': { code: 'conflict', en: 'Another Shoebox (process {pid}) is applying folders to {dest} now; wait for it to finish.', ko: '다른 Shoebox(프로세스 {pid})가 지금 {dest}에 폴더를 적용하고 있습니다. 끝날 때까지 기다리세요.' },
  'organize.idle': { code: 'conflict', en: 'Nothing is being written to disk now.', ko: '지금 디스크에 쓰는 작업이 없습니다.' },
  'organize.no_categories': { code: 'usage', en: 'There are no folders to apply yet: add some with `shoebox folder add`, or pass --unsorted.', ko: '아직 적용할 분류 폴더가 없습니다. `shoebox folder add`로 추가하거나 --unsorted를 지정하세요.' },
  'organize.no_such_apply': { code: 'not_found', en: 'There is no apply #{id}; `shoebox history` lists them.', ko: '#{id} 적용 작업이 없습니다. `shoebox history`에서 목록을 볼 수 있습니다.' },
  'organize.no_such_category': { code: 'usage', en: 'There is no folder named "{name}". See `shoebox folder list`.', ko: '"{name}"(이)라는 분류 폴더가 없습니다. `shoebox folder list`로 확인하세요.' },
  'organize.nothing_to_undo': { code: 'not_found', en: 'There is no apply to undo.', ko: '실행 취소할 적용 작업이 없습니다.' },
  'organize.pending_rollback': { code: 'conflict', en: 'Apply #{id} was interrupted and is not rolled back yet: some of its files are on {dest}, which cannot be reached now. Connect that drive and start Shoebox again; the rollback finishes then, and there is nothing to undo.', ko: '#{id} 적용 작업은 중단되었고 아직 원상 복구하지 못했습니다. 일부 파일이 지금 연결할 수 없는 {dest}에 있습니다. 그 드라이브를 연결하고 Shoebox를 다시 시작하면 원상 복구를 마칩니다. 실행 취소할 것은 없습니다.' },
  'organize.plan_problems': { code: 'conflict', en: '{detail}', ko: '적용할 수 없습니다: {detail}' },
  'organize.rolled_back': { code: 'conflict', en: 'Apply #{id} was interrupted and rolled back: there is nothing to undo.', ko: '#{id} 적용 작업은 중단되어 원상 복구했습니다. 실행 취소할 것이 없습니다.' },
  'organize.stale_plan': { code: 'conflict', en: 'This preview is out of date: preview again before applying.', ko: '이 미리 보기는 오래되었습니다. 적용하기 전에 다시 미리 보세요.' },
  'organize.still_running': { code: 'conflict', en: 'Apply #{id} is still running.', ko: '#{id} 적용 작업이 아직 진행 중입니다.' },
  'organize.undo_of_undo': { code: 'usage', en: '#{id} is an undo; undo applies, not undos.', ko: '#{id}은(는) 실행 취소 작업입니다. 적용 작업만 실행 취소할 수 있습니다.' },
  'organize.unrecovered': { code: 'conflict', en: 'An interrupted apply has not been recovered yet; restart Shoebox (or run `shoebox history`) to recover it first.', ko: '중단된 적용 작업을 아직 복구하지 않았습니다. 먼저 Shoebox를 다시 시작해 (또는 `shoebox history`를 실행해) 복구하세요.' },

  // ------------------------------------------------------------ photo
  'photo.missing_id': { code: 'not_found', en: 'There is no photo {id}.', ko: '사진 {id}이(가) 없습니다.' },
  'photo.missing_ids': { code: 'not_found', en: 'Not in the library: photo {ids}.', ko: '라이브러리에 없는 사진: {ids}' },
  'photo.not_in_library': { code: 'not_found', en: '{path} is not in the library. Index its folder first.', ko: '{path}은(는) 라이브러리에 없습니다. 먼저 그 폴더를 색인하세요.' },

  // ------------------------------------------------------------ root
  'root.inside_library': { code: 'usage', en: '{path} is in the library folder {library}, which holds Shoebox\'s own files (its thumbnails would be indexed as photos). Choose a folder outside it.', ko: '{path}은(는) 보관함 폴더 {library} 안에 있습니다. 이 폴더에는 Shoebox 자체 파일이 있습니다 (그 썸네일이 사진으로 색인됩니다). 그 바깥의 폴더를 고르세요.' },
  'root.missing': { code: 'not_found', en: 'There is no folder at {path}.', ko: '{path}에 폴더가 없습니다.' },
  'root.none': { code: 'usage', en: 'No photo folders yet: `shoebox index <folder>` adds one.', ko: '아직 사진 폴더가 없습니다. 사진 폴더를 추가하세요.' },
  'root.not_a_folder': { code: 'not_found', en: '{path} is not a folder.', ko: '{path}은(는) 폴더가 아닙니다.' },
  'root.not_in_library': { code: 'not_found', en: '{path} is not one of the library\'s folders.', ko: '{path}은(는) 라이브러리의 사진 폴더가 아닙니다.' },

  // ------------------------------------------------------------ search
  'search.bad_date': {
    code: 'usage',
    en: '"{date}" is not a date: write a year (2023), a month (2023-07) or a day (2023-07-14).',
    ko: '"{date}"은(는) 날짜가 아닙니다. 연도(2023), 월(2023-07) 또는 날짜(2023-07-14)로 적어 주십시오.',
  },
  'search.empty_query': { code: 'usage', en: 'The search text is empty.', ko: '검색어가 비어 있습니다.' },
  'search.not_indexed': { code: 'not_found', en: 'Photo {id} is not indexed.', ko: '사진 {id}은(는) 아직 색인되지 않았습니다.' },
  'search.unknown_folder': {
    code: 'not_found',
    en: 'There is no folder or photo folder called "{name}".',
    ko: '"{name}"(이)라는 폴더나 사진 폴더가 없습니다.',
  },
  'search.unknown_place': {
    code: 'not_found',
    en: 'No place called "{name}" is known: name a city, a region or a country.',
    ko: '"{name}"(이)라는 장소를 찾지 못했습니다. 도시, 지역 또는 나라 이름을 적어 주십시오.',
  },
  'search.unreadable_file': { code: 'not_found', en: 'Cannot read {path}: {detail}', ko: '{path}을(를) 읽을 수 없습니다: {detail}' },

  // ------------------------------------------------------------ store
  'store.backup_damaged': { code: 'io', en: 'The backup {file} is damaged too ({detail}); choose another one with --from (they are in the backups folder of the library).', ko: '백업 {file}도 손상되었습니다({detail}). --from으로 다른 백업을 고르세요(라이브러리의 backups 폴더에 있습니다).' },
  'store.backup_failed': { code: 'io', en: 'The backup of the library did not check out ({detail}); it was not kept.', ko: '라이브러리 백업을 확인하지 못했습니다({detail}). 그 백업은 남기지 않았습니다.' },
  'store.damaged': { code: 'io', en: 'The library database {file} is damaged ({detail}). Shoebox did not change it. `shoebox restore` puts back the newest good backup, from {takenAt} UTC ({backup}); what changed since then is lost, and the damaged file is kept beside it.', ko: '라이브러리 데이터베이스 {file}이(가) 손상되었습니다({detail}). Shoebox는 이 파일을 바꾸지 않았습니다. `shoebox restore`로 가장 최근의 정상 백업({takenAt} UTC, {backup})을 되살릴 수 있습니다. 그 뒤에 바뀐 내용은 사라지며, 손상된 파일은 옆에 그대로 둡니다.' },
  'store.damaged_no_backup': { code: 'io', en: 'The library database {file} is damaged ({detail}) and there is no backup of it yet. Shoebox did not change it. Keep a copy of it; moving it away starts a new, empty library.', ko: '라이브러리 데이터베이스 {file}이(가) 손상되었고({detail}) 아직 백업이 없습니다. Shoebox는 이 파일을 바꾸지 않았습니다. 사본을 보관해 두세요. 파일을 다른 곳으로 옮기면 빈 라이브러리로 새로 시작합니다.' },
  'store.empty': { code: 'io', en: 'The library database {file} is empty (0 bytes), though a library was there; Shoebox will not start a new one over it. `shoebox restore` puts back the newest good backup, from {takenAt} UTC ({backup}).', ko: '라이브러리 데이터베이스 {file}이(가) 비어 있습니다(0바이트). 라이브러리가 있던 자리이므로 Shoebox는 그 위에 새로 시작하지 않습니다. `shoebox restore`로 가장 최근의 정상 백업({takenAt} UTC, {backup})을 되살릴 수 있습니다.' },
  'store.empty_no_backup': { code: 'io', en: 'The library database {file} is empty (0 bytes) and there is no backup of it; Shoebox will not start a new library over it. If this is meant to be a new library, delete the file.', ko: '라이브러리 데이터베이스 {file}이(가) 비어 있고(0바이트) 백업도 없습니다. Shoebox는 그 위에 새 라이브러리를 시작하지 않습니다. 새 라이브러리를 만들려던 것이라면 이 파일을 지우세요.' },
  'store.newer_schema': { code: 'io', en: 'This library was written by a newer Shoebox (schema {current}, this one knows {latest}). Update Shoebox to open it.', ko: '이 보관함은 더 새로운 Shoebox가 만들었습니다 (스키마 {current}, 이 버전은 {latest}까지 압니다). Shoebox를 업데이트한 뒤 여세요.' },
  'store.no_backup': { code: 'not_found', en: 'There is no good backup to restore in {dir}.', ko: '{dir}에 되살릴 정상 백업이 없습니다.' },
  'store.no_such_backup': { code: 'not_found', en: 'There is no backup at {file}; the backups are in the backups folder of the library.', ko: '{file}에 백업이 없습니다. 백업은 라이브러리의 backups 폴더에 있습니다.' },
  'store.restore_busy': { code: 'conflict', en: 'The library is in use ({job}); let it finish or stop it, then restore.', ko: '라이브러리를 사용하는 중입니다({job}). 끝나거나 멈춘 뒤에 되살리세요.' },

  // ------------------------------------------------------------ window
  'window.no_backend': { code: 'network', en: 'Shoebox could not be reached: {detail}', ko: 'Shoebox에 연결할 수 없습니다: {detail}' },
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof ERROR_MESSAGES;
export type Locale = 'en' | 'ko';

export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, key);
}

/** The message for `key` in `locale`, its `{param}`s filled in. */
export function formatMessage(key: MessageKey, params: Params = {}, locale: Locale = 'en'): string {
  const entry: Entry = ERROR_MESSAGES[key];
  return entry[locale].replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/**
 * What a window shows for an error that crossed the API: its own message
 * code's text in `locale`, else the generic text of its code with the
 * English message as the detail.
 */
export function describeError(err: { code: string; message: string; key?: string | undefined; params?: Params | undefined }, locale: Locale): string {
  if (isMessageKey(err.key)) return formatMessage(err.key, err.params ?? {}, locale);
  const generic = `generic.${err.code}`;
  if (isMessageKey(generic)) return formatMessage(generic, { detail: err.message }, locale);
  return formatMessage('generic.internal', { detail: err.message }, locale);
}
