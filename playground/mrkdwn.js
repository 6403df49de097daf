// Slack's mrkdwn as DOM nodes: bold, italics, strike, code, quotes, links and mentions. Nothing here ever
// becomes markup: every piece of text goes in through textContent, so user text cannot inject anything.

const INLINE = [
  { re: /`([^`]+)`/, tag: "code" },
  { re: /\*([^*\n]+)\*/, tag: "strong" },
  { re: /(?<![A-Za-z0-9])_([^_\n]+)_(?![A-Za-z0-9])/, tag: "em" },
  { re: /~([^~\n]+)~/, tag: "s" },
];

// The emoji the bot uses, drawn as Slack would; any other :name: stays as its name. A test collects the
// names the bot's code uses and fails on one missing here (test/playground/emoji.test.ts).
export const EMOJI = {
  arrow_down: "⬇️",
  arrow_forward: "▶️",
  arrow_up: "⬆️",
  ballot_box_with_check: "☑️",
  bar_chart: "📊",
  bulb: "💡",
  chart_with_upwards_trend: "📈",
  clipboard: "📋",
  double_vertical_bar: "⏸️",
  hourglass: "⌛",
  hourglass_flowing_sand: "⏳",
  inbox_tray: "📥",
  information_source: "ℹ️",
  large_yellow_circle: "🟡",
  left_right_arrow: "↔️",
  link: "🔗",
  mag: "🔍",
  new: "🆕",
  no_entry: "⛔",
  palm_tree: "🌴",
  scales: "⚖️",
  tada: "🎉",
  thinking_face: "🤔",
  warning: "⚠️",
  wave: "👋",
  white_check_mark: "✅",
  white_circle: "⚪",
  zzz: "💤",
};

function emoji(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (name, key) => EMOJI[key] ?? name);
}

/** Slack escapes &, < and > in message text; the reader sees them plain. */
export function decodeEntities(text) {
  return text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/** An element with a class and text content: the one way the page makes elements with text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Text with mrkdwn, as a fragment. `names` resolves user and channel ids to what Slack would show. */
export function mrkdwn(text, names) {
  const out = document.createDocumentFragment();
  const parts = String(text ?? "").split("```");
  parts.forEach((part, i) => {
    if (i % 2 === 1) out.append(el("pre", "code-block", decodeEntities(part.replace(/^\n/, ""))));
    else out.append(lines(part, names));
  });
  return out;
}

function lines(text, names) {
  const out = document.createDocumentFragment();
  text.split("\n").forEach((line, i) => {
    if (i > 0) out.append(document.createElement("br"));
    const quote = /^(&gt;|>) ?/.exec(line);
    if (quote) {
      const q = el("span", "quote");
      q.append(links(line.slice(quote[0].length), names));
      out.append(q);
    } else out.append(links(line, names));
  });
  return out;
}

// <@U123>, <#C123|name>, <!here>, <https://…|label>: Slack's angle-bracket forms.
function links(text, names) {
  const out = document.createDocumentFragment();
  let rest = text;
  for (let m = /<([^<>]+)>/.exec(rest); m; m = /<([^<>]+)>/.exec(rest)) {
    out.append(inline(rest.slice(0, m.index)));
    out.append(special(m[1], names));
    rest = rest.slice(m.index + m[0].length);
  }
  out.append(inline(rest));
  return out;
}

function special(inner, names) {
  const [target, label] = splitOnce(inner, "|");
  if (target.startsWith("@"))
    return el("span", "mention", `@${names.user(target.slice(1)) ?? label ?? target.slice(1)}`);
  if (target.startsWith("#"))
    return el("span", "mention", `#${label ?? names.channel(target.slice(1)) ?? target.slice(1)}`);
  if (target.startsWith("!date^")) return document.createTextNode(decodeEntities(label ?? ""));
  if (target.startsWith("!")) return el("span", "mention", `@${label ?? target.slice(1).split("^")[0]}`);
  if (/^(https?:|mailto:)/i.test(target)) {
    const a = el("a", "", decodeEntities(label ?? target));
    a.href = hrefOf(target);
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  return document.createTextNode(decodeEntities(`<${inner}>`));
}

// The playground's GitHub (demo-org) and MLflow are stand-ins with no pages: their links open the playground's
// page about where they lead (src/playground/stand-in-page.ts), not GitHub's 404 or a port of an earlier run.
const STAND_INS = [
  /^https:\/\/github\.com\/demo-org\//,
  /^http:\/\/(127\.0\.0\.1|localhost):\d+\/#\/(experiments|models)\//,
  /^http:\/\/(127\.0\.0\.1|localhost):\d+\/github-apps\/[^/]+\/installations\/new$/,
];

function hrefOf(target) {
  if (!STAND_INS.some((pattern) => pattern.test(target))) return target;
  return `/playground/stand-in?to=${encodeURIComponent(target)}`;
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function inline(text) {
  const out = document.createDocumentFragment();
  let rest = text;
  while (rest !== "") {
    let first;
    for (const rule of INLINE) {
      const m = rule.re.exec(rest);
      if (m && (!first || m.index < first.m.index)) first = { m, rule };
    }
    if (!first) {
      out.append(emoji(decodeEntities(rest)));
      break;
    }
    out.append(emoji(decodeEntities(rest.slice(0, first.m.index))));
    const node = el(first.rule.tag);
    if (first.rule.tag === "code") node.textContent = decodeEntities(first.m[1]);
    else node.append(inline(first.m[1]));
    out.append(node);
    rest = rest.slice(first.m.index + first.m[0].length);
  }
  return out;
}
