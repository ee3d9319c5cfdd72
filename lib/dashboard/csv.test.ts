import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

describe("csvCell", () => {
  it("leaves plain text and decimal amounts alone", () => {
    expect(csvCell("inv_123")).toBe("inv_123");
    expect(csvCell("12.50")).toBe("12.50");
    expect(csvCell(null)).toBe("");
  });

  it("quotes separators, quotes and line breaks", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
  });

  it("turns anything a spreadsheet would evaluate into text", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\r=1")).toBe('"\'\r=1"');
  });

  it("also after leading spaces, a line feed, a no-break space, and in full-width forms", () => {
    for (const formula of [
      "  =1+1",
      "\n=1+1",
      "\u00a0=1+1",
      "\u3000@SUM(A1)",
      "\uff1d1+1",
      "\uff0b1",
      "\uff0d1",
      "\uff20SUM(A1)",
      " \t-1",
    ]) {
      expect(csvCell(formula).replace(/^"/, "").startsWith("'"), JSON.stringify(formula)).toBe(
        true,
      );
    }
    expect(csvCell("  plain")).toBe("  plain");
    expect(csvCell("a=b")).toBe("a=b");
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvRow(["a", null, "b,c"])).toBe('a,,"b,c"\r\n');
  });
});
