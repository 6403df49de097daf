import { describe, expect, it } from "vitest";
import { formulaSafe } from "../../src/domain/export-columns.js";

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
