import { onFirstUse } from '@tongyuan/channels';

/**
 * The publisher's heavy libraries, each read the first time a request or job calls it rather than
 * when the API or a worker starts (channels/src/media/libraries.ts says why): spreadsheets are
 * read and written on a few operators' routes, charts drawn for the annual report and survey
 * results. A function that uses one starts with `const ExcelJS = loadExcel();`.
 */
export { loadQrcode, loadSanitizeHtml, loadSubsetFont } from '@tongyuan/channels';

/** xlsx read (fund uploads) and written (exports, templates, survey results). */
export const loadExcel = onFirstUse(() => require('exceljs') as typeof import('exceljs'));
/** Charts drawn as SVG by Apache ECharts' server-side renderer. */
export const loadEcharts = onFirstUse(() => require('echarts') as typeof import('echarts'));
/** Traditional to simplified Chinese (the norms matcher). */
export const loadOpencc = onFirstUse(() => require('opencc-js') as typeof import('opencc-js'));
