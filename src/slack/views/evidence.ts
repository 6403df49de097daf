// Evidence beside the answers, wherever a level shows: one block per practice with a verdict (block_id
// `evidence:<criterion>:supports|disputes`), how many practices in place are verified, and under the strict
// policy which disputed practices the level leaves out.
import type { SectionBlock } from "@slack/types";
import type { JudgedAnswer, PracticeEvidence } from "../../domain/evidence.js";
import type { ResultEvidence } from "../../domain/evidence-level.js";
import type { EvidenceSource } from "../../domain/evidence-signal.js";
import { criterion } from "../../domain/rubric.js";
import { evidenceBlockId } from "../ids.js";
import { section } from "./blocks.js";
import { escapeMrkdwn, truncate } from "./mrkdwn.js";
import { plural, pluralOf } from "./phrases.js";

export const SOURCE_NAMES: Readonly<Record<EvidenceSource, string>> = { github: "GitHub", mlflow: "MLflow" };

/** "<https://…|view>", or nothing for a verdict without a page (a URL is ours to trust only as a link). */
export function evidenceLink(url: string | null, label = "view"): string {
  if (url === null || !/^https?:\/\//.test(url)) return "";
  return ` · <${url.replace(/[<>|\s]/g, encodeURIComponent)}|${label}>`;
}

/**
 * ":white_check_mark: GitHub supports it: 42 workflow runs … · view". For a practice the team says is not in
 * place (`claimed` false), a verdict is worded by what it means there: evidence that it is in place after all,
 * or evidence that agrees it is not (a "dispute" of nothing anyone said would read as a conflict). Where
 * nobody's answer is beside it (`claimed` null), it says only what the source shows.
 */
export function verdictLine(e: PracticeEvidence, claimed: boolean | null = true): string {
  const source = SOURCE_NAMES[e.source];
  return `${verdictLead(source, e.verdict, claimed)}: ${escapeMrkdwn(e.facts)}${evidenceLink(e.url)}`;
}

function verdictLead(source: string, verdict: PracticeEvidence["verdict"], claimed: boolean | null): string {
  const supports = verdict === "supports";
  if (claimed === null)
    return supports ? `:mag: ${source} shows it in place` : `:mag: ${source} shows it missing`;
  if (claimed) return `${supports ? ":white_check_mark:" : ":warning:"} ${source} ${verdict} it`;
  return supports
    ? `:bulb: ${source} shows it in place`
    : `:ballot_box_with_check: ${source} agrees it is not in place`;
}

/** One block per practice with evidence: its title and what the source shows, with nobody's answer beside it. */
export function verdictBlocks(verdicts: readonly PracticeEvidence[]): SectionBlock[] {
  return verdicts.map((v) =>
    section(
      evidenceBlockId(v.criterion, v.verdict),
      `*${criterion(v.criterion).title}*\n${verdictLine(v, null)}`,
    ),
  );
}

/** One block per practice with evidence, naming the practice, what people say, the source, facts and link. */
export function evidenceBlocks(evidence: ResultEvidence, answer: JudgedAnswer): SectionBlock[] {
  return evidence.verdicts.map((e) => {
    // Exempt: the team said neither, so the source's facts stand alone (no dispute, no agreement).
    const claimed = answer.notApplicable.has(e.criterion)
      ? null
      : answer.met.has(e.criterion) || evidence.notCounted.includes(e.criterion);
    const said = claimed === null ? "it does not apply" : claimed ? "in place" : "not in place";
    return section(
      evidenceBlockId(e.criterion, e.verdict),
      `*${criterion(e.criterion).title}* (the team says ${said})\n${verdictLine(e, claimed)}`,
    );
  });
}

/** "3 of 5 practices in place verified by evidence" (and the level fully verified, when it is). */
export function verificationLine(evidence: ResultEvidence): string {
  const { verified, met, levelVerified } = evidence.verification;
  // Not "0 of 0 practices in place verified": nothing is claimed yet, so nothing is there to verify.
  if (met === 0) return "no practice is said to be in place yet, so evidence has nothing to verify";
  const base = `${pluralOf(verified.length, met, "practice")} in place verified by evidence`;
  return levelVerified ? `${base}; the level is fully verified` : base;
}

/** Under strict: which practices the level leaves out because evidence disputes them; null otherwise. */
export function strictLine(evidence: ResultEvidence): string | null {
  if (evidence.policy !== "strict") return null;
  if (evidence.notCounted.length === 0)
    return "Strict evidence policy: no practice in place is disputed by evidence.";
  const titles = evidence.notCounted.map((id) => criterion(id).title).join("; ");
  return `Strict evidence policy: the level leaves out ${plural(evidence.notCounted.length, "practice")} evidence disputes (${titles}).`;
}

/** "Automated builds — GitHub: 12 commits pushed and no CI run at all in 28 days, … · view" (mrkdwn). */
export function disputeLine(e: PracticeEvidence): string {
  const facts = escapeMrkdwn(truncate(e.facts, 240));
  return `${criterion(e.criterion).title} — ${SOURCE_NAMES[e.source]}: ${facts}${evidenceLink(e.url)}`;
}

/** The digest's evidence: how many practices in place are verified, then each disputed one with its facts. */
export function digestEvidenceText(evidence: ResultEvidence): string {
  const disputed = evidence.verdicts.filter((e) => evidence.disputed.includes(e.criterion));
  // Judged at the round's end: "last 2 d ago" in its facts counts from then, not from when the digest is read.
  const head = `:mag: *Evidence at the round's end:* ${verificationLine(evidence)}`;
  if (disputed.length === 0) return `${head}; none disputed.`;
  return `${head}; disputed:\n${disputed.map((e) => `• ${disputeLine(e)}`).join("\n")}`;
}

/** The same facts in plain words, for a message's notification text. */
export function evidenceSummary(evidence: ResultEvidence): string {
  const disputed = evidence.disputed.map((id) => criterion(id).title);
  const strict =
    evidence.notCounted.length > 0
      ? ` The level leaves out ${plural(evidence.notCounted.length, "disputed practice")} (strict evidence policy).`
      : "";
  return `Evidence: ${verificationLine(evidence)}${disputed.length > 0 ? `; disputed: ${disputed.join(", ")}` : ""}.${strict}`;
}
