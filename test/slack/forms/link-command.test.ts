import { describe, expect, it } from "vitest";
import { parseLinkCommand } from "../../../src/slack/forms/link-command.js";

const repositoryOf = (text: string) => {
  const parsed = parseLinkCommand(text);
  return parsed.ok && parsed.target.subjectKind === "repository" ? parsed.target : null;
};

describe("parseLinkCommand", () => {
  it.each([
    "github acme/churn-model",
    "github https://github.com/acme/churn-model",
    "github https://github.com/acme/churn-model.git",
    "github <https://github.com/acme/churn-model/>",
    "github <https://ghe.example.com/acme/churn-model|ghe.example.com/acme/churn-model>",
    "github github.com/acme/churn-model",
    "github https://github.com/acme/churn-model/tree/main",
  ])("reads the repository of %s as acme/churn-model", (text) => {
    expect(repositoryOf(text)?.repository).toBe("acme/churn-model");
  });

  it("refuses a page that is not a repository's", () => {
    expect(parseLinkCommand("github https://github.com/acme")).toMatchObject({ ok: false });
  });

  it.each(["../other/contents/x", "serving/../../x", "/etc/passwd", "a//b", "score.py?ref=x"])(
    "refuses --scoring-path %s: it must be a path inside the repository",
    (path) => {
      expect(parseLinkCommand(`github acme/churn --scoring-path ${path}`)).toEqual({
        ok: false,
        problem:
          "`--scoring-path` must be a path inside the repository, such as `score.py` or `serving/scoring/`.",
      });
    },
  );

  it("takes a file or a folder as --scoring-path", () => {
    expect(repositoryOf("github acme/churn --scoring-path serving/scoring/")?.scoringPath).toBe(
      "serving/scoring/",
    );
    expect(repositoryOf("github acme/churn --scoring-path ./score.py")?.scoringPath).toBe("./score.py");
  });

  it("refuses a --training-workflow outside .github/workflows/, where GitHub never runs one", () => {
    expect(parseLinkCommand("github acme/churn --training-workflow workflows/train.yml")).toEqual({
      ok: false,
      problem:
        "GitHub runs workflows only from `.github/workflows/`: give `--training-workflow train.yml` or `.github/workflows/train.yml`.",
    });
  });

  it.each([
    [".github/workflows/train.yml", ".github/workflows/train.yml"],
    ["./.github/workflows/train.yml", ".github/workflows/train.yml"],
    ["/.github/workflows/train.yml", ".github/workflows/train.yml"],
    ["train.yml", ".github/workflows/train.yml"],
  ])("names --training-workflow %s as GitHub's runs do: %s", (given, path) => {
    expect(repositoryOf(`github acme/churn --training-workflow ${given}`)?.trainingWorkflow).toBe(path);
  });
});
