const { missingTestTools } = require('./test-tools') as {
  missingTestTools(env?: NodeJS.ProcessEnv, where?: { chromium?: string; redis?: number; postgres?: number }): Promise<string[]>;
};

/** The check before the suite (global-setup.js): on this machine nothing is missing; on one without the packages, each is named with its fix. */
it('finds everything on this machine', async () => {
  expect(await missingTestTools()).toEqual([]);
});

it('names each missing package and service with what to do, as on a machine without them', async () => {
  const missing = await missingTestTools({ PATH: '/nonexistent' }, { chromium: '/nonexistent/chromium', redis: 1, postgres: 2 });
  expect(missing).toEqual([
    'Chromium at /nonexistent/chromium (page checks, PDFs): apt-get install -y chromium',
    'pdftoppm (to look at PDF pages): apt-get install -y poppler-utils',
    'pdfinfo (to look at PDF pages): apt-get install -y poppler-utils',
    'pdffonts (to look at PDF pages): apt-get install -y poppler-utils',
    'java (the Nu HTML Checker for the portal pages): apt-get install -y default-jre-headless',
    'tesseract (reads a printed leaflet back): apt-get install -y tesseract-ocr tesseract-ocr-chi-sim',
    'Redis at 127.0.0.1:1: start it (redis-server --daemonize yes)',
    'PostgreSQL at 127.0.0.1:2 (trust auth, user postgres): start it',
  ]);
});
