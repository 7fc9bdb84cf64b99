import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../config';
import { PublisherError } from '../errors';
import { writeCrossChecksCsv, writeCrossChecksXlsx } from '../funds/cross-check-export';
import { FINDING_TITLES, runCrossChecks, type FindingKind } from '../funds/cross-checks';
import { importFundCatalog, importVillages } from '../funds/import-catalog';
import { importPayments } from '../funds/import-payments';
import { importHousing } from '../funds/import-housing';
import { importDeparted, importOfficials } from '../funds/import-rosters';
import { importLedgers, importProjects } from '../funds/import-projects';
import { SHEET_TEMPLATES, sheetTemplateCsv, sheetTemplateXlsx } from '../funds/import-templates';
import { FundProjectStore } from '../store/fund-projects';
import { createDb, migrate } from '../store/db';
import { FundRosterStore } from '../store/fund-rosters';
import { FundStore } from '../store/funds';
import { HousingStore } from '../store/housing';

const USAGE = `用法（民生资金公开）：
  npm run funds -- villages --county huitong 村名单.xlsx
  npm run funds -- catalog  --county huitong 资金目录.xlsx
  npm run funds -- payments --county huitong --title "2026年4月耕地地力保护补贴发放" [--map name=户主] 发放明细.xlsx
  npm run funds -- payments --county huitong --title … --replaces 批次号 --note "更正说明" 更正后的发放明细.xlsx
  npm run funds -- projects --county huitong --title "2026年民生项目公开" 民生项目.xlsx   （项目名称、资金名称、乡镇、村(社区)、建设内容、投资金额(元)、实施单位、开工日期、完工日期、项目状态、绩效目标/成效）
  npm run funds -- ledgers  --county huitong --title "林城镇2026年第3季度村级财务" 村级财务.xlsx   （乡镇、村(社区)、期间、类别(收入/支出)、科目、摘要、金额(元)、日期）
  npm run funds -- projects|ledgers … --replaces 批次号 --note "更正说明" 更正后的表格.xlsx   （更正：公开后替换原批次，原批次留档）
  npm run funds -- template projects 民生项目模板.xlsx   （空白模板：villages、catalog、payments、projects、ledgers、housing；.xlsx 或 .csv）
  npm run funds -- live 批次号
  npm run funds -- withdraw 批次号 --reason "撤回原因"   （已公开的批次从所有页面、订阅和终端撤下，留档）
  npm run funds -- housing --county huitong --round "2026年第二批公租房" 公租房名册.xlsx   （公租房：申请、审核、轮候、配租；再公开用 live）
  npm run funds -- housing --county huitong --round "2026年第二批公租房" --note "更正说明" 更正后的名册.xlsx
  npm run funds -- deceased  --county huitong 死亡迁出名单.xlsx   （姓名、身份证号、类型(死亡/迁出)、日期、备注）
  npm run funds -- officials --county huitong 村干部名单.xlsx     （乡镇、村(社区)、姓名、身份证号、职务、关系、户主身份证号）
  npm run funds -- checks    --county huitong --from 2026-01-01 --to 2026-12-31 --out 数据碰撞.xlsx（或 .csv）
--county 为 CMS“区县”中的代码。表格为 .xlsx 或 .csv（UTF-8 或 GBK）；列名见 docs/funds.md。`;

/** 民生资金公开 imports from the command line: the same operations as the CMS's 民生资金 page (publisher/src/api/routes/fund-uploads.ts). */
async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv, allowPositionals: true,
    options: { county: { type: 'string' }, title: { type: 'string' }, round: { type: 'string' }, map: { type: 'string', multiple: true }, replaces: { type: 'string' }, note: { type: 'string' }, reason: { type: 'string' },
      from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
  });
  const config = parseConfig({ STRAPI_TOKEN: 'not-needed-for-funds', ...process.env });
  const db = createDb(config.DATABASE_URL);
  await migrate(db);
  const funds = new FundStore(db);
  try {
    const [command, file] = positionals;
    const county = () => {
      if (!values.county) throw new PublisherError('BAD_REQUEST', USAGE);
      // The CMS's 区县 code: the disclosure pages and the county's sites are found by it.
      if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(values.county)) throw new PublisherError('BAD_REQUEST', `--county 应为区县代码（小写字母、数字和连字符，如 huitong），见 CMS 的“区县”；收到的是“${values.county}”`);
      return values.county;
    };
    const upload = () => {
      if (!file) throw new PublisherError('BAD_REQUEST', USAGE);
      const mapping = Object.fromEntries((values.map ?? []).map((m) => m.split('=') as [string, string]));
      return { path: path.resolve(file), fileName: path.basename(file), county: county(), mapping };
    };
    const rosters = { funds, rosters: new FundRosterStore(db), config };
    if (command === 'villages') console.log(`已导入 ${await importVillages(funds, upload())} 个村(社区)`);
    else if (command === 'catalog') console.log(`已导入 ${await importFundCatalog(funds, upload())} 项资金`);
    else if (command === 'payments') {
      if (!values.title) throw new PublisherError('BAD_REQUEST', USAGE);
      const batch = await importPayments({ db, funds, clock: () => new Date(), config }, {
        ...upload(), title: values.title, replaces: values.replaces ? Number(values.replaces) : null, correctionNote: values.note ?? null,
      });
      console.log(`批次 ${batch.batchId}：${batch.rows} 行，合计 ${(batch.totalFen / 100).toFixed(2)} 元，待签发（npm run funds -- live ${batch.batchId}）`);
    } else if (command === 'housing') {
      const roster = await importHousing({ funds, housing: new HousingStore(db), clock: () => new Date(), config }, { ...upload(), round: values.round ?? '', correctionNote: values.note ?? null });
      const { added, removed, changed } = roster.changes;
      console.log(`批次 ${roster.batchId}：公租房名册 ${roster.rows} 户${roster.replaces ? `，更正批次 ${roster.replaces}（新增 ${added}、删除 ${removed}、变动 ${changed} 户）` : ''}，待签发（npm run funds -- live ${roster.batchId}）`);
    } else if (command === 'projects' || command === 'ledgers') {
      if (!values.title) throw new PublisherError('BAD_REQUEST', USAGE);
      const importSheet = command === 'projects' ? importProjects : importLedgers;
      const batch = await importSheet({ funds, projects: new FundProjectStore(db), clock: () => new Date() }, {
        ...upload(), title: values.title, replaces: values.replaces ? Number(values.replaces) : null, correctionNote: values.note ?? null,
      });
      const figure = command === 'projects' ? `投资合计 ${(batch.totalFen / 100).toFixed(2)} 元` : `结余 ${(batch.totalFen / 100).toFixed(2)} 元`;
      console.log(`批次 ${batch.batchId}：${batch.rows} 行，${figure}，待签发（npm run funds -- live ${batch.batchId}）`);
    } else if (command === 'template' && file && SHEET_TEMPLATES[file] && positionals[2]) {
      const out = path.resolve(positionals[2]);
      writeFileSync(out, /\.csv$/i.test(out) ? sheetTemplateCsv(file)! : (await sheetTemplateXlsx(file))!);
      console.log(`已写入 ${positionals[2]}（${SHEET_TEMPLATES[file].title}导入模板）`);
    } else if (command === 'deceased') console.log(`已导入死亡/迁出名单 ${await importDeparted(rosters, upload())} 人（替换原名单）`);
    else if (command === 'officials') console.log(`已导入村干部名单 ${await importOfficials(rosters, upload())} 人（替换原名单）`);
    else if (command === 'checks') {
      if (!values.from || !values.to || !values.out || !/\.(xlsx|csv)$/i.test(values.out)) throw new PublisherError('BAD_REQUEST', USAGE);
      const report = await runCrossChecks({ db }, { county: county(), from: values.from, to: values.to });
      if (/\.csv$/i.test(values.out)) await writeCrossChecksCsv(report, path.resolve(values.out));
      else await writeCrossChecksXlsx(report, path.resolve(values.out), new Date());
      const counts = (Object.keys(FINDING_TITLES) as FindingKind[]).map((k) => `${FINDING_TITLES[k]} ${report.findings[k].length} 条`).join('，');
      console.log(`核查 ${report.checkedRows} 行：${counts}。已写入 ${values.out}（内部资料，不得公开）`);
    } else if (command === 'live' && file) {
      await funds.goLive(Number(file), new Date().toISOString());
      console.log(`批次 ${file} 已公开`);
    } else if (command === 'withdraw' && file) {
      await funds.withdraw(Number(file), values.reason ?? '', new Date().toISOString());
      console.log(`批次 ${file} 已撤回`);
    } else throw new PublisherError('BAD_REQUEST', USAGE);
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof PublisherError ? [error.message, ...((error.details?.errors as string[] | undefined) ?? []).slice(3)].join('\n') : error);
  process.exit(1);
});
