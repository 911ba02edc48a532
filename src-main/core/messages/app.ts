/** Messages about jobs, models and organizing that the app layer raises (see catalog.ts). */
import type { Entry } from './entry.js';

export const APP_MESSAGES = {
  'app.electron_only': { code: 'usage', en: 'The folder picker is only available in the desktop app.', ko: '폴더 선택 창은 데스크톱 앱에서만 열 수 있습니다.' },
  'job.busy_model': { code: 'conflict', en: 'A model download or switch is running; wait for it or pause it first.', ko: '모델을 내려받거나 바꾸는 중입니다. 끝나기를 기다리거나 먼저 일시 중지하세요.' },
  'job.busy_organize': { code: 'conflict', en: 'Photos are being written to disk; wait for that to finish first.', ko: '사진을 디스크에 쓰는 중입니다. 끝날 때까지 기다리세요.' },
  'job.busy_switch': { code: 'conflict', en: 'The library is being re-read with another model; wait for it (or pause it) first.', ko: '다른 모델로 라이브러리를 다시 읽는 중입니다. 끝나기를 기다리거나 먼저 일시 중지하세요.' },
  'job.stopped': { code: 'internal', en: 'The {what} stopped unexpectedly (exit {exit}).', ko: '{what} 작업이 예기치 않게 멈췄습니다(종료 코드 {exit}).' },
  'model.accelerator_needs_model': { code: 'no_model', en: 'Choose a model first; the accelerator is where it runs.', ko: '먼저 모델을 고르세요. 가속 장치는 모델이 실행될 곳입니다.' },
  'model.busy': { code: 'conflict', en: '"{id}" is being downloaded or switched to; stop that first.', ko: '"{id}" 모델을 내려받거나 바꾸는 중입니다. 먼저 멈추세요.' },
  'model.in_use': { code: 'conflict', en: '"{id}" is the model in use. Use another model first.', ko: '"{id}"은(는) 지금 쓰는 모델입니다. 먼저 다른 모델로 바꾸세요.' },
  'model.licence': { code: 'usage', en: '{name} is under "{licence}": accept its licence to download it.', ko: '{name} 모델은 "{licence}" 라이선스를 따릅니다. 내려받으려면 라이선스에 동의하세요.' },
  'model.licence_noncommercial': {
    code: 'usage',
    en: '{name} is under "{licence}" (no commercial use): accept its licence to download it.',
    ko: '{name} 모델은 "{licence}" 라이선스를 따르며 상업적으로 쓸 수 없습니다. 내려받으려면 라이선스에 동의하세요.',
  },
  'model.none_chosen': { code: 'no_model', en: 'No model chosen yet: pass --model <folder>.', ko: '아직 모델을 고르지 않았습니다. 설정에서 모델을 고르세요.' },
  'model.not_installed': { code: 'not_found', en: 'The model "{id}" is not installed; download or import it first.', ko: '"{id}" 모델이 설치되어 있지 않습니다. 먼저 내려받거나 가져오세요.' },
  'model.unknown_target': { code: 'not_found', en: '"{target}" is neither an installed model nor a folder. See `shoebox model list`.', ko: '"{target}"은(는) 설치된 모델도 폴더도 아닙니다.' },
  'organize.busy': { code: 'conflict', en: 'Another apply or undo is running; wait for it to finish.', ko: '다른 적용이나 되돌리기가 진행 중입니다. 끝날 때까지 기다리세요.' },
  'organize.idle': { code: 'conflict', en: 'Nothing is being written to disk now.', ko: '지금 디스크에 쓰는 작업이 없습니다.' },
  'organize.plan_problems': { code: 'conflict', en: '{problems}', ko: '적용할 수 없습니다: {problems}' },
  'organize.stale_plan': { code: 'conflict', en: 'This preview is out of date: preview again before applying.', ko: '이 미리 보기는 오래되었습니다. 적용하기 전에 다시 미리 보세요.' },
} as const satisfies Record<string, Entry>;
