/**
 * Real files built by hand for the extraction tests and the benchmark: a PDF written object by
 * object (catalog, page tree, font, content streams, xref, trailer) and a DOCX zipped with fflate.
 */
import { strToU8, zipSync } from "fflate";

function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/**
 * A valid PDF with one page per entry of `pages`, each line of text shown in Helvetica from the
 * top (ASCII text only: the font's standard encoding); a line starting `# ` is set at 24 pt, `## `
 * at 16 pt, the rest at 12 pt.
 */
export function buildPdf(pages: string[][]): Uint8Array {
  const font = 3;
  const kids: number[] = [];
  const body: string[] = [];
  pages.forEach((lines, k) => {
    const pageId = 4 + k * 2;
    const contentId = pageId + 1;
    kids.push(pageId);
    const ops = ["BT", "/F1 12 Tf", "14 TL", "72 740 Td"];
    for (const line of lines) {
      // "# " and "## " lines are set large, as a title and a section heading would be.
      const [, mark, text] = /^(#{1,2} )?(.*)$/s.exec(line)!;
      const size = mark === "# " ? 24 : mark === "## " ? 16 : 12;
      ops.push(`/F1 ${size} Tf`, `${pdfString(text)} Tj`, "T*");
    }
    ops.push("ET");
    const stream = ops.join("\n");
    body[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ` +
      `/Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${contentId} 0 R >>`;
    body[contentId] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  body[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  body[2] = `<< /Type /Pages /Kids [${
    kids.map((id) => `${id} 0 R`).join(" ")
  }] /Count ${kids.length} >>`;
  body[font] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let id = 1; id < body.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${body[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${body.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < body.length; id++) {
    out += `${String(offsets[id]).padStart(10, "0")} 00000 n \n`;
  }
  out += `trailer\n<< /Size ${body.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return strToU8(out);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A paragraph of WordprocessingML, with a style when given (`Heading1`). */
export function wordParagraph(text: string, style?: string): string {
  const props = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : "";
  return `<w:p>${props}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
}

/** A table of WordprocessingML, one paragraph per cell. */
export function wordTable(rows: string[][]): string {
  const cell = (text: string) => `<w:tc>${wordParagraph(text)}</w:tc>`;
  return `<w:tbl>${rows.map((r) => `<w:tr>${r.map(cell).join("")}</w:tr>`).join("")}</w:tbl>`;
}

/** A DOCX whose body is `paragraphs` (see wordParagraph), with Word's heading styles defined. */
export function buildDocx(
  paragraphs: string[],
  extra: Record<string, Uint8Array> = {},
): Uint8Array {
  return zipSync({
    "[Content_Types].xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>`,
    ),
    "_rels/.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`,
    ),
    "word/_rels/document.xml.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`,
    ),
    "word/styles.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ${W}>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
</w:styles>`,
    ),
    "word/document.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ${W}><w:body>${paragraphs.join("")}</w:body></w:document>`,
    ),
    ...extra,
  });
}

/**
 * A zip bomb posing as a DOCX: a valid DOCX plus one entry of `mb` megabytes of zeros, deflated
 * to about a thousandth of that.
 */
export function buildZipBomb(mb: number): Uint8Array {
  return buildDocx([wordParagraph("Nothing to see")], {
    "word/media/zeros.bin": new Uint8Array(mb * 1024 * 1024),
  });
}
