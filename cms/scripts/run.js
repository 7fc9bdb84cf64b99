'use strict';
/** `npm start --workspace cms`: compile if needed, then serve the CMS (admin build: see build-admin.js). */
const { createCms } = require('./boot');

createCms()
  .then((cms) => cms.start())
  .catch((error) => {
    console.error(`[tongyuan] CMS 启动失败：${error.message}`);
    process.exit(1);
  });
