/**
 * Markdown → one self-contained HTML file: a page, or a deck of slides (one per screen, CSS
 * scroll-snap). No script, no external resource: the Markdown goes through lib/markdown's
 * renderer (raw HTML comes out as visible text, only safe links, images as links), the title is
 * escaped, the CSS is inline, and the file's own Content-Security-Policy allows nothing but its
 * inline styles and `data:` images, so opened anywhere it runs nothing and loads nothing.
 * Markdown headings come out two levels down (`#` → h3: lib/markdown's rule); the CSS sizes them
 * for a page.
 */
import { escapeHtml, renderMarkdown } from "../markdown/mod.ts";

/** Slides a deck may have. */
export const MAX_SLIDES = 200;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BREAK = /^ {0,3}---[ \t]*$/;

/**
 * Splits Markdown into slides on lines that are `---` alone, outside fenced code; empty slides
 * are dropped.
 */
export function splitSlides(markdown: string): string[] {
  const slides: string[] = [];
  let lines: string[] = [];
  let fence = "";
  const end = () => {
    const text = lines.join("\n").trim();
    if (text) slides.push(text);
    lines = [];
  };
  for (const line of markdown.split(/\r\n?|\n/)) {
    const open = FENCE.exec(line);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length) fence = "";
    } else if (open) fence = open[1];
    else if (BREAK.test(line)) {
      end();
      continue;
    }
    lines.push(line);
  }
  end();
  return slides;
}

const BASE_CSS = `
:root{color-scheme:light dark;--bg:#fffdf9;--fg:#1f1b16;--muted:#6b635a;--line:#e6dfd6;
--code:#f3eee7;--link:#9a3c12}
@media (prefers-color-scheme:dark){:root{--bg:#1a1714;--fg:#f2ece4;--muted:#b0a698;
--line:#3a332c;--code:#2a2521;--link:#f0a070}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg);-webkit-text-size-adjust:100%}
body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1,h3,h4,h5,h6{line-height:1.25;margin:1.4em 0 .5em}
h1{font-size:2rem;margin-top:0}h3{font-size:1.6rem}h4{font-size:1.3rem}h5{font-size:1.1rem}
h6{font-size:1rem}
a{color:var(--link)}
p,ul,ol,blockquote,pre,table{margin:0 0 1em}
blockquote{border-left:4px solid var(--line);padding-left:1em;color:var(--muted)}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);
padding:.1em .3em;border-radius:4px}
pre{background:var(--code);padding:1em;border-radius:8px;overflow-x:auto}
pre code{padding:0;background:none}
table{border-collapse:collapse;display:block;overflow-x:auto}
th,td{border:1px solid var(--line);padding:.4em .7em}
hr{border:0;border-top:1px solid var(--line);margin:2em 0}
li.task{list-style:none}
`;

const PAGE_CSS = `${BASE_CSS}
main{max-width:46rem;margin:0 auto;padding:2rem 1.25rem 4rem}
@media print{main{max-width:none;padding:0}a{color:inherit}}
`;

const SLIDES_CSS = `${BASE_CSS}
html{scroll-snap-type:y mandatory;scroll-behavior:smooth}
.slide{position:relative;min-height:100vh;min-height:100dvh;scroll-snap-align:start;
display:flex;flex-direction:column;justify-content:center;padding:3rem max(1.5rem,6vw) 4rem;
border-bottom:1px solid var(--line);font-size:clamp(1.1rem,2.4vw,1.75rem)}
.slide>div{max-width:60rem;width:100%;margin:0 auto}
.slide h3{font-size:2.2em;margin-top:0}.slide h4{font-size:1.6em}
.slide footer{position:absolute;right:1.25rem;bottom:1rem;font-size:.9rem;color:var(--muted)}
.slide footer a{display:inline-block;min-width:44px;min-height:44px;line-height:44px;
text-align:center;text-decoration:none}
@media print{html{scroll-snap-type:none}.slide{min-height:auto;break-after:page;border:0}
.slide footer a{display:none}}
`;

/** The file's own policy: its inline styles and `data:` images, nothing else. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function document(lang: string, title: string, css: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="Hearth">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** One page: the title as its heading, then the Markdown. */
export function pageHtml(input: { title: string; markdown: string; lang: string }): string {
  const body = `<main>\n<h1>${escapeHtml(input.title)}</h1>\n${
    renderMarkdown(input.markdown)
  }\n</main>`;
  return document(input.lang, input.title, PAGE_CSS, body);
}

/**
 * A deck: one `<section class="slide">` per slide, each a screen high, snapping as it scrolls;
 * each says where it is and links to the next (`#s2`…), so it works by touch, scroll or Tab.
 */
export function slidesHtml(
  input: { title: string; slides: string[]; lang: string; labels: { next: string } },
): string {
  const total = input.slides.length;
  const sections = input.slides.map((md, i) => {
    const n = i + 1;
    const next = n < total
      ? ` <a href="#s${n + 1}" aria-label="${escapeHtml(input.labels.next)}">→</a>`
      : "";
    return `<section class="slide" id="s${n}" aria-label="${n} / ${total}">\n<div>${
      renderMarkdown(md)
    }</div>\n<footer>${n} / ${total}${next}</footer>\n</section>`;
  });
  return document(input.lang, input.title, SLIDES_CSS, sections.join("\n"));
}
