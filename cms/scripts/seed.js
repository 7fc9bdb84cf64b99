'use strict';
/** `npm run seed`: reload the demo content (updates in place, never duplicates), then exit. */
const { createCms } = require('./boot');

process.env.TONGYUAN_FORCE_SEED = '1';
createCms()
  .then((cms) => cms.load())
  .then(async (cms) => {
    await cms.destroy();
    process.exit(0);
  })
  .catch((error) => {
    console.error(`[tongyuan] 示例内容载入失败：${error.message}`);
    process.exit(1);
  });
