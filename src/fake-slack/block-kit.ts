// Block Kit as strict as Slack is about its documented limits: what the fake Slack checks on every message and
// view it is sent, so a message Slack would refuse fails a test. A local playground can reuse it as it is.
// Problems are worded in Slack's own style: "<what> [json-pointer:<where>]".
import { CHART_LIMITS, LIMITS } from "../slack/limits.js";

export type Surface = "message" | "modal" | "home";

type Json = Record<string, unknown>;

const MAX = {
  fields: 10,
  fieldText: 2000,
  actionsElements: 25,
  buttonUrl: 3000,
  staticOptions: 100,
  choiceOptions: 10,
  label: 2000,
} as const;

// In mrkdwn Slack reads "<…>" as a link, a mention or a special command; any other "<" must arrive as &lt;.
// Slack takes such text and shows it wrongly (the word is dropped or becomes a link), so it is no refusal here:
// the tests' fixtures ask for none.
const STRAY_ANGLE = /<(?![#@!]|https?:\/\/|mailto:)/;

/** The texts of a message (its `text` and blocks) or view that Slack parses as mrkdwn and would misread a "<" in. */
export function strayAngleTexts(surface: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, top: boolean): void => {
    if (!isRecord(value)) return;
    const { text } = value;
    const parsed =
      typeof text === "string" && (value.type === "mrkdwn" || (top && value.type !== "plain_text"));
    if (parsed && STRAY_ANGLE.test(text)) found.push(text);
    for (const inner of Object.values(value))
      if (Array.isArray(inner)) for (const item of inner) visit(item, false);
      else visit(inner, false);
  };
  visit(surface, true);
  return found;
}

/** Every problem with a message's blocks; none means Slack would take them. */
export function messageBlockProblems(blocks: unknown): string[] {
  return blockListProblems(blocks, "message", "/blocks", LIMITS.messageBlocks);
}

/** Every problem with a view (modal or Home tab) as views.open, update, push or publish receive it. */
export function viewProblems(view: unknown): string[] {
  if (!isRecord(view)) return ["must be an object [json-pointer:/view]"];
  const surface: Surface | undefined =
    view.type === "modal" ? "modal" : view.type === "home" ? "home" : undefined;
  if (!surface) return [`must be one of "modal", "home" [json-pointer:/view/type]`];
  const problems = blockListProblems(view.blocks, surface, "/view/blocks", LIMITS.viewBlocks);
  if (surface === "modal") {
    for (const key of ["title", "submit", "close"]) {
      problems.push(...textProblems(view[key], `/view/${key}`, LIMITS.modalTitle, key === "title"));
    }
  }
  problems.push(...lengthProblems(view.private_metadata, "/view/private_metadata", LIMITS.privateMetadata));
  problems.push(...lengthProblems(view.callback_id, "/view/callback_id", LIMITS.id));
  return problems;
}

function blockListProblems(blocks: unknown, surface: Surface, at: string, max: number): string[] {
  if (!Array.isArray(blocks)) return [`must be an array [json-pointer:${at}]`];
  const problems = blocks.length > max ? [`no more than ${max} items allowed [json-pointer:${at}]`] : [];
  const seen = new Set<string>();
  blocks.forEach((block, i) => {
    const where = `${at}/${i}`;
    if (!isRecord(block)) {
      problems.push(`must be an object [json-pointer:${where}]`);
      return;
    }
    if (typeof block.block_id === "string") {
      if (seen.has(block.block_id)) problems.push(`duplicate block_id [json-pointer:${where}/block_id]`);
      seen.add(block.block_id);
      problems.push(...lengthProblems(block.block_id, `${where}/block_id`, LIMITS.id));
    }
    problems.push(...blockProblems(block, surface, where));
  });
  const charts = blocks.filter((b) => isRecord(b) && b.type === "data_visualization").length;
  if (charts > CHART_LIMITS.perMessage) {
    problems.push(
      `no more than ${CHART_LIMITS.perMessage} data_visualization blocks allowed [json-pointer:${at}]`,
    );
  }
  return problems;
}

function blockProblems(block: Json, surface: Surface, at: string): string[] {
  switch (block.type) {
    case "section":
      return sectionProblems(block, at);
    case "header":
      return textProblems(block.text, `${at}/text`, LIMITS.headerText, true);
    case "context":
      return contextProblems(block, at);
    case "actions":
      return actionsProblems(block, at);
    case "input":
      return [
        ...textProblems(block.label, `${at}/label`, MAX.label, true),
        ...textProblems(block.hint, `${at}/hint`, MAX.label, false),
        ...elementProblems(block.element, `${at}/element`),
      ];
    case "divider":
      return [];
    case "data_visualization":
      if (surface !== "message")
        return [`data_visualization is only allowed in messages [json-pointer:${at}]`];
      return chartBlockProblems(block, at);
    default:
      return [`unsupported block type: ${String(block.type)} [json-pointer:${at}/type]`];
  }
}

function sectionProblems(block: Json, at: string): string[] {
  const problems: string[] = [];
  if (block.text === undefined && block.fields === undefined) {
    problems.push(`must define either \`text\` or \`fields\` [json-pointer:${at}]`);
  }
  problems.push(...textProblems(block.text, `${at}/text`, LIMITS.sectionText, false));
  if (block.fields !== undefined) {
    const fields = Array.isArray(block.fields) ? block.fields : [];
    if (fields.length > MAX.fields)
      problems.push(`no more than ${MAX.fields} items allowed [json-pointer:${at}/fields]`);
    fields.forEach((f, i) => {
      problems.push(...textProblems(f, `${at}/fields/${i}`, MAX.fieldText, true));
    });
  }
  if (block.accessory !== undefined) problems.push(...elementProblems(block.accessory, `${at}/accessory`));
  return problems;
}

function contextProblems(block: Json, at: string): string[] {
  const elements = Array.isArray(block.elements) ? block.elements : [];
  const problems =
    elements.length === 0 ? [`must provide at least 1 item [json-pointer:${at}/elements]`] : [];
  if (elements.length > LIMITS.contextElements) {
    problems.push(`no more than ${LIMITS.contextElements} items allowed [json-pointer:${at}/elements]`);
  }
  elements.forEach((e, i) => {
    if (isRecord(e) && e.type !== "image")
      problems.push(...textProblems(e, `${at}/elements/${i}`, LIMITS.sectionText, true));
  });
  return problems;
}

function actionsProblems(block: Json, at: string): string[] {
  const elements = Array.isArray(block.elements) ? block.elements : [];
  const problems =
    elements.length === 0 ? [`must provide at least 1 item [json-pointer:${at}/elements]`] : [];
  if (elements.length > MAX.actionsElements) {
    problems.push(`no more than ${MAX.actionsElements} items allowed [json-pointer:${at}/elements]`);
  }
  elements.forEach((e, i) => {
    problems.push(...elementProblems(e, `${at}/elements/${i}`));
  });
  return problems;
}

function elementProblems(element: unknown, at: string): string[] {
  if (!isRecord(element)) return [`must be an object [json-pointer:${at}]`];
  const problems = lengthProblems(element.action_id, `${at}/action_id`, LIMITS.id);
  if (element.type === "button") {
    problems.push(
      ...textProblems(element.text, `${at}/text`, LIMITS.buttonText, true),
      ...lengthProblems(element.value, `${at}/value`, LIMITS.buttonValue),
      ...lengthProblems(element.url, `${at}/url`, MAX.buttonUrl),
    );
  }
  const max =
    element.type === "static_select" || element.type === "multi_static_select"
      ? MAX.staticOptions
      : MAX.choiceOptions;
  if (Array.isArray(element.options)) {
    if (element.options.length > max)
      problems.push(`no more than ${max} items allowed [json-pointer:${at}/options]`);
    element.options.forEach((o, i) => {
      problems.push(...optionProblems(o, `${at}/options/${i}`));
    });
  }
  return problems;
}

function optionProblems(option: unknown, at: string): string[] {
  if (!isRecord(option)) return [`must be an object [json-pointer:${at}]`];
  return [
    ...textProblems(option.text, `${at}/text`, LIMITS.optionText, true),
    ...textProblems(option.description, `${at}/description`, LIMITS.optionText, false),
    ...lengthProblems(option.value, `${at}/value`, LIMITS.optionText),
  ];
}

function chartBlockProblems(block: Json, at: string): string[] {
  const problems = requiredText(block.title, `${at}/title`, CHART_LIMITS.title);
  const chart = block.chart;
  if (!isRecord(chart)) return [...problems, `missing required field: chart [json-pointer:${at}]`];
  const where = `${at}/chart`;
  if (chart.type === "pie")
    return [
      ...problems,
      ...pointListProblems(chart.segments, `${where}/segments`, CHART_LIMITS.series, true),
    ];
  if (chart.type !== "line" && chart.type !== "bar" && chart.type !== "area") {
    return [...problems, `must be one of "pie", "bar", "area", "line" [json-pointer:${where}/type]`];
  }
  return [...problems, ...seriesChartProblems(chart, where)];
}

function seriesChartProblems(chart: Json, at: string): string[] {
  const axis = isRecord(chart.axis_config) ? chart.axis_config : undefined;
  if (!axis) return [`missing required field: axis_config [json-pointer:${at}]`];
  const problems = [
    ...lengthProblems(axis.x_label, `${at}/axis_config/x_label`, CHART_LIMITS.axisLabel),
    ...lengthProblems(axis.y_label, `${at}/axis_config/y_label`, CHART_LIMITS.axisLabel),
  ];
  const categories = Array.isArray(axis.categories) ? axis.categories : [];
  if (categories.length === 0)
    problems.push(`must provide at least 1 item [json-pointer:${at}/axis_config/categories]`);
  categories.forEach((c, i) => {
    problems.push(...requiredText(c, `${at}/axis_config/categories/${i}`, CHART_LIMITS.label));
  });
  const series = Array.isArray(chart.series) ? chart.series : [];
  problems.push(...countProblems(series.length, `${at}/series`, CHART_LIMITS.series));
  const names = new Set<unknown>();
  series.forEach((s, i) => {
    const where = `${at}/series/${i}`;
    if (!isRecord(s)) {
      problems.push(`must be an object [json-pointer:${where}]`);
      return;
    }
    if (names.has(s.name)) problems.push(`series names must be unique [json-pointer:${where}/name]`);
    names.add(s.name);
    problems.push(...requiredText(s.name, `${where}/name`, CHART_LIMITS.label));
    problems.push(...pointListProblems(s.data, `${where}/data`, CHART_LIMITS.points, false));
    const labels = Array.isArray(s.data) ? s.data.map((p) => (isRecord(p) ? p.label : undefined)) : [];
    if (labels.length !== categories.length || labels.some((l, j) => l !== categories[j])) {
      problems.push(
        `data labels must match axis_config.categories, one per category [json-pointer:${where}/data]`,
      );
    }
  });
  return problems;
}

function pointListProblems(points: unknown, at: string, max: number, positive: boolean): string[] {
  const list = Array.isArray(points) ? points : [];
  const problems = countProblems(list.length, at, max);
  list.forEach((p, i) => {
    const where = `${at}/${i}`;
    if (!isRecord(p)) {
      problems.push(`must be an object [json-pointer:${where}]`);
      return;
    }
    problems.push(...requiredText(p.label, `${where}/label`, CHART_LIMITS.label));
    if (typeof p.value !== "number" || !Number.isFinite(p.value))
      problems.push(`must be a number [json-pointer:${where}/value]`);
    else if (positive && p.value <= 0) problems.push(`must be greater than 0 [json-pointer:${where}/value]`);
  });
  return problems;
}

function countProblems(count: number, at: string, max: number): string[] {
  if (count === 0) return [`must provide at least 1 item [json-pointer:${at}]`];
  return count > max ? [`no more than ${max} items allowed [json-pointer:${at}]`] : [];
}

/** A text object: {type: plain_text | mrkdwn, text} with text of 1..max characters. */
function textProblems(value: unknown, at: string, max: number, required: boolean): string[] {
  if (value === undefined || value === null)
    return required ? [`missing required field [json-pointer:${at}]`] : [];
  if (!isRecord(value) || (value.type !== "plain_text" && value.type !== "mrkdwn")) {
    return [`must be a text object [json-pointer:${at}]`];
  }
  return requiredText(value.text, `${at}/text`, max);
}

function requiredText(value: unknown, at: string, max: number): string[] {
  if (typeof value !== "string" || value.length === 0)
    return [`must be at least 1 character [json-pointer:${at}]`];
  return lengthProblems(value, at, max);
}

function lengthProblems(value: unknown, at: string, max: number): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== "string") return [`must be a string [json-pointer:${at}]`];
  return value.length > max ? [`must be less than ${max + 1} characters [json-pointer:${at}]`] : [];
}

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
