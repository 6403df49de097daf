import { describe, expect, it } from "vitest";
import { formulaRestored, formulaSafe } from "../../src/domain/export-columns.js";

describe("formulaSafe", () => {
  it("puts an apostrophe before a cell a spreadsheet would run as a formula", () => {
    for (const lead of ["=", "+", "-", "@", "\t", "\r"])
      expect(formulaSafe(`${lead}HYPERLINK("x")`)).toBe(`'${lead}HYPERLINK("x")`);
  });

  it("leaves other cells, numbers and empty cells as they are", () => {
    expect(formulaSafe("https://github.com/acme/web/runs/1")).toBe("https://github.com/acme/web/runs/1");
    expect(formulaSafe("a=b")).toBe("a=b");
    expect(formulaSafe(-1)).toBe(-1);
    expect(formulaSafe(null)).toBeNull();
    expect(formulaSafe("")).toBe("");
  });
});

describe("formulaRestored", () => {
  it("takes off exactly the apostrophe formulaSafe added, whatever the cell began with", () => {
    for (const typed of ["=1+1", "'=1+1", "''@x", "-", "'plain", "plain", "", "a=b"])
      expect(formulaRestored(String(formulaSafe(typed)))).toBe(typed);
  });
});
