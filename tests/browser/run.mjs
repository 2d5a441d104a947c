// Browser checks of a built sotay site in real headless Chromium (Debian's /usr/bin/chromium),
// run by tests/browser.rs: search with and without diacritics, keyboard-only use of search,
// axe-core (WCAG 2.1 A/AA rules) on one page of each kind, screenshots on a phone and a desktop,
// and pages read with JavaScript off. Prints one JSON report on stdout; never exits non-zero for a
// failed check (the Rust test asserts on the report), only when the browser cannot run.
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";

const [base, shots, pagesJson] = process.argv.slice(2);
const pages = JSON.parse(pagesJson);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const report = { search: {}, keyboard: null, axe: {}, screenshots: [], noscript: {} };

const browser = await chromium.launch({ executablePath, args, headless: true });
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15000);

  for (const query of ["giay phep", "quyet dinh"]) {
    await page.goto(base + "tim-kiem/?q=" + encodeURIComponent(query));
    await page.waitForSelector("#ket-qua li");
    report.search[query] = await page.$$eval("#ket-qua li", (items) => items.map((li) => ({
      link: li.querySelector("a").textContent,
      href: li.querySelector("a").href,
      marked: Array.from(li.querySelectorAll("mark")).map((m) => m.textContent),
    })));
  }

  // Keyboard only: from the home page, Tab to the header's search box, type, submit (a plain
  // GET form to the search page), Tab to the first result and open it.
  await page.goto(base);
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.id === "hop-tim-kiem");
  }
  let keyboard = { reachedSearch: reached };
  if (reached) {
    await page.keyboard.type("giay phep");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const inBox = await page.evaluate(() => document.getElementById("tim-kiem-q")?.value === "giay phep");
    keyboard.reachedBox = inBox;
    if (inBox) {
      await page.waitForSelector("#ket-qua li a");
      let onResult = false;
      for (let i = 0; i < 40 && !onResult; i++) {
        await page.keyboard.press("Tab");
        onResult = await page.evaluate(() => Boolean(document.activeElement?.closest("#ket-qua")));
      }
      keyboard.reachedResult = onResult;
      if (onResult) {
        keyboard.focusVisible = await page.evaluate(() => {
          const style = getComputedStyle(document.activeElement);
          return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        });
        const before = page.url();
        await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
        keyboard.opened = page.url() !== before ? new URL(page.url()).pathname : null;
      }
    }
  }
  report.keyboard = keyboard;

  // Issue 19: nothing found leads on; what a reader types never becomes markup.
  await page.goto(base + "tim-kiem/?q=" + encodeURIComponent("khai sinh"));
  await page.waitForSelector("#tim-kiem-khong-thay:not([hidden])");
  report.noResult = await page.$$eval("#tim-kiem-khong-thay a", (links) => links.map((a) => a.getAttribute("href")));
  // The bytes of a lone surrogate (ED A0 80) end the query: not UTF-8, decoded as U+FFFD.
  const attack = '<img src=x onerror="window.__injected=1">\u2028" (.*';
  await page.goto(base + "tim-kiem/?q=" + encodeURIComponent(attack) + "%ED%A0%80");
  await page.waitForFunction(() => document.getElementById("tim-kiem-trang-thai").textContent !== "");
  report.badInput = await page.evaluate(() => ({
    images: document.querySelectorAll("main img").length,
    injected: Boolean(window.__injected),
    status: document.getElementById("tim-kiem-trang-thai").textContent,
  }));

  for (const path of pages) {
    await page.goto(base + path);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
    });
    report.axe[path] = result;
  }

  mkdirSync(shots, { recursive: true });
  for (const [name, viewport, mobile] of [["phone", { width: 390, height: 844 }, true], ["desktop", { width: 1280, height: 800 }, false]]) {
    const shotContext = await browser.newContext({ viewport, isMobile: mobile, deviceScaleFactor: 1 });
    const shotPage = await shotContext.newPage();
    for (const path of ["", "quy-trinh/qt-07/", "tim-kiem/?q=khai%20sinh"]) {
      await shotPage.goto(base + path);
      const file = `${shots}/${name}-${path === "" ? "home" : path.replace(/[^a-z0-9]+/gi, "-").replace(/-$/, "")}.png`;
      await shotPage.screenshot({ path: file, fullPage: false });
      report.screenshots.push(file);
    }
    await shotContext.close();
  }

  // Issue 18: how far down a phone (390 × 844) QT-07's time limit, fee, place to submit,
  // checklist and first form download are, in screens from the top; and whether any table is
  // wider than the screen (a table that must scroll sits in a wrapper that says so).
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 1 });
  const phonePage = await phone.newPage();
  const measure = async (path) => {
    await phonePage.goto(base + path);
    return phonePage.evaluate(() => {
      const screen = window.innerHeight;
      const width = document.documentElement.clientWidth;
      const top = (selectors) => {
        for (const selector of selectors) {
          const element = document.querySelector(selector);
          if (element) return Math.round(((element.getBoundingClientRect().top + window.scrollY) / screen) * 100) / 100;
        }
        return null;
      };
      const tables = Array.from(document.querySelectorAll("main table")).map((table) => {
        const wrap = table.closest(".table-wrap");
        const scrolls = Boolean(wrap && wrap.scrollWidth > wrap.clientWidth + 1);
        return {
          caption: (table.caption?.textContent || table.className || "").trim(),
          right: Math.round(table.getBoundingClientRect().right),
          fits: table.getBoundingClientRect().right <= width + 1 && !scrolls,
          scrolls,
          saysSo: Boolean(wrap) && !["none", "normal", '""'].includes(getComputedStyle(wrap, "::before").content),
        };
      });
      return {
        screen, width,
        timeLimit: top(["td.time-limit"]),
        fee: top(["td.fee"]),
        where: top(["#noi-nop", ".where"]),
        checklist: top(["#ho-so"]),
        download: top(["a.get-form", "#mau-don a.download", "a.download"]),
        pageScrollsSideways: document.scrollingElement.scrollWidth > width + 1,
        tables,
      };
    });
  };
  // QT-07, QT-06 and QT-15 are the procedures written from real national-database records
  // (issue 18): each is measured, and each phone's first 1.5 screens saved.
  report.phones = {};
  for (const code of ["qt-06", "qt-15", "qt-07"]) {
    report.phones[code] = await measure(`quy-trinh/${code}/`);
    const shot = `${shots}/phone-${code}-first-1.5-screens.png`;
    await phonePage.screenshot({ path: shot, fullPage: true, clip: { x: 0, y: 0, width: 390, height: 1266 } });
    report.phones[code].shot = shot;
  }
  report.phone = report.phones["qt-07"];
  await phone.close();

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const noJsPage = await noJs.newPage();
  for (const path of pages) {
    await noJsPage.goto(base + path);
    report.noscript[path] = await noJsPage.evaluate(() => ({
      h1: document.querySelector("h1")?.textContent?.trim() || null,
      mainText: (document.querySelector("main")?.innerText || "").length,
    }));
  }
  await noJs.close();
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
