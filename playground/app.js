// The playground's page: a small Slack client. It asks the playground for what the chosen person sees, and
// turns what they do into the requests Slack would send the bot.
import { blockIdOf, readValues, renderBlocks, text } from "./blocks.js";
import { el, mrkdwn } from "./mrkdwn.js";

const $ = (id) => document.getElementById(id);
const view = { user: "", conversation: "", tab: "messages", state: null, drawn: {}, modalErrors: {} };

const UNREACHABLE =
  "The playground is not answering. Is npm start still running in its terminal? Start it again, then reload.";

async function call(name, body) {
  const res = await fetch(`/playground/api/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: view.user, ...body }),
  }).catch(() => undefined);
  if (!res) {
    notice(UNREACHABLE, true);
    throw new Error("unreachable");
  }
  const answer = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
  if (!answer.ok) {
    notice(answer.error ?? "something went wrong", true);
    throw new Error(answer.error);
  }
  return answer.result;
}

function notice(message, isError = false) {
  const box = $("notice");
  box.hidden = !message;
  box.textContent = message ?? "";
  box.classList.toggle("error", isError);
}

const names = {
  user: (id) => view.state?.people.find((p) => p.id === id)?.name,
  channel: (id) => view.state?.channels.find((c) => c.id === id)?.name,
};

let unreachable = false;

async function refresh() {
  const res = await fetch(`/playground/api/state?user=${encodeURIComponent(view.user)}`).catch(
    () => undefined,
  );
  // Said once, not every 2 s; cleared as soon as the playground answers again.
  if (!res?.ok) {
    if (!unreachable) notice(UNREACHABLE, true);
    unreachable = true;
    return;
  }
  if (unreachable) notice("");
  unreachable = false;
  view.state = await res.json();
  view.user = view.state.user;
  if (!view.conversation || !isVisible(view.conversation))
    view.conversation = view.state.joined[0]?.id ?? view.state.dm;
  draw();
}

function isVisible(id) {
  return id === view.state.dm || view.state.joined.some((c) => c.id === id);
}

/** Draws each part only when what it shows changed, so nothing typed in a modal is lost to a refresh. */
function drawPart(name, data, fn) {
  const key = JSON.stringify(data);
  if (view.drawn[name] === key) return;
  view.drawn[name] = key;
  fn();
}

function draw() {
  const s = view.state;
  $("banner").textContent = s.banner;
  $("now").textContent = formatNow(s.now);
  drawPart("people", [s.people, s.user], drawPeople);
  drawPart("sidebar", [s.joined, s.dm, view.conversation, view.tab], drawSidebar);
  const isApp = view.conversation === s.dm;
  $("tabs").hidden = !isApp;
  const homeShown = isApp && view.tab === "home";
  $("messages").hidden = homeShown;
  $("composer").hidden = homeShown;
  $("home").hidden = !homeShown;
  $("title").textContent = isApp ? "MLOps bot" : `#${names.channel(view.conversation) ?? ""}`;
  for (const b of document.querySelectorAll("[data-tab]"))
    b.setAttribute("aria-selected", String(b.dataset.tab === view.tab));
  drawPart("messages", [view.conversation, s.messages[view.conversation], s.people], drawMessages);
  drawPart("home", [s.home, homeShown], drawHome);
  drawPart("modal", [s.modal, view.modalErrors], drawModal);
  drawPart("refusals", s.refusals, drawRefusals);
}

function formatNow(iso) {
  const d = new Date(iso);
  const day = d.toLocaleDateString("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
  return `${day}, ${d.toISOString().slice(11, 16)} UTC`;
}

function drawPeople() {
  const select = $("person");
  select.replaceChildren(
    ...view.state.people.map(
      (p) => new Option(`${p.name}${p.admin ? " (admin)" : ""}`, p.id, false, p.id === view.user),
    ),
  );
}

function drawSidebar() {
  const s = view.state;
  const item = (id, label, extra) => {
    const li = el("li");
    const b = el("button", id === view.conversation ? "conv active" : "conv", label);
    b.type = "button";
    b.addEventListener("click", () => openConversation(id));
    li.append(b);
    if (extra) li.append(el("span", "tag", extra));
    return li;
  };
  $("channels").replaceChildren(...s.joined.map((c) => item(c.id, `# ${c.name}`, c.digest ? "digest" : "")));
  $("apps").replaceChildren(item(s.dm, "MLOps bot", "app"));
}

function openConversation(id) {
  view.conversation = id;
  if (id === view.state.dm && view.tab === "home") call("home").then(refresh, () => {});
  draw();
}

function drawMessages() {
  const list = $("messages");
  const messages = view.state.messages[view.conversation] ?? [];
  list.replaceChildren();
  if (messages.length === 0) list.append(el("p", "empty", "No messages here yet. Try /mlops help."));
  for (const m of messages) list.append(message(m));
  list.scrollTop = list.scrollHeight;
}

function message(m) {
  const item = el("article", `message${m.ephemeral ? " ephemeral" : ""}`);
  item.dataset.ts = m.ts;
  const head = el("div", "message-head");
  const when = new Date(Number(m.ts) * 1000);
  head.append(
    el("strong", "", "MLOps bot"),
    el("span", "tag", "APP"),
    el("time", "", formatNow(when.toISOString()).replace(/ \d{4},/, ",")),
  );
  if (m.ephemeral) head.append(el("span", "only-you", "Only visible to you"));
  if (m.command) item.append(el("div", "command-echo", m.command));
  item.append(head);
  const click = (blockIndex, element, selected) =>
    act({ channel: view.conversation, ts: m.ts, blockIndex, actionId: element.action_id, selected });
  if (Array.isArray(m.blocks) && m.blocks.length > 0) item.append(renderBlocks(m.blocks, context(click)));
  else if (m.text) {
    const body = el("div", "message-text");
    body.append(mrkdwn(m.text, names));
    item.append(body);
  }
  if (m.file) item.append(fileCard(m.file));
  return item;
}

/** A shared file as Slack shows it: its title, name and size, and a link that downloads its bytes. */
function fileCard(file) {
  const card = el("div", "file-card");
  card.setAttribute("role", "group");
  card.setAttribute("aria-label", `File ${file.title}`);
  const about = el("div", "file-about");
  about.append(
    el("strong", "file-title", file.title),
    el("span", "file-meta", `${file.name} · ${file.size}`),
  );
  const link = el("a", "btn file-download", "Download");
  link.href = file.url;
  link.download = file.name;
  card.append(el("span", "file-icon", "📄"), about, link);
  return card;
}

function context(click, errors) {
  return { names, click, errors, people: view.state.people, channels: view.state.channels };
}

async function act(body) {
  notice("");
  await call("action", body).catch(() => {});
  await settle();
}

/** The bot keeps working after its ack (views.open, respond()): look again a few times. */
async function settle() {
  for (const ms of [150, 400, 900]) {
    await new Promise((r) => setTimeout(r, ms));
    await refresh();
  }
}

function drawHome() {
  const box = $("home");
  box.replaceChildren();
  const home = view.state.home;
  if (!home) {
    box.append(el("p", "empty", "The Home tab is loading…"));
    return;
  }
  const click = (blockIndex, element, selected) =>
    act({ viewId: home.id, blockIndex, actionId: element.action_id, selected });
  box.append(renderBlocks(home.view.blocks, context(click)));
}

function drawModal() {
  const shown = view.state.modal;
  // What the person typed survives a redraw with errors: their values, as the form's initial ones.
  const modal = shown && view.kept?.id === shown.id ? view.kept : shown;
  const backdrop = $("modal-backdrop");
  const form = $("modal");
  backdrop.hidden = !modal;
  form.replaceChildren();
  if (!modal) return;
  const v = modal.view;
  const head = el("div", "modal-head");
  const title = el("h2");
  title.append(text(v.title, names));
  const x = el("button", "modal-x", "×");
  x.type = "button";
  x.setAttribute("aria-label", "Close");
  x.addEventListener("click", () => closeModal(modal.id));
  head.append(title, x);
  const click = (blockIndex, element) =>
    act({
      viewId: modal.id,
      blockIndex,
      actionId: element.action_id,
      values: readValues(form, v.blocks).values,
    });
  const body = el("div", "modal-body");
  body.append(renderBlocks(v.blocks, context(click, view.modalErrors)));
  const foot = el("div", "modal-foot");
  const cancel = el("button", "btn", v.close?.text ?? "Cancel");
  cancel.type = "button";
  cancel.addEventListener("click", () => closeModal(modal.id));
  foot.append(cancel);
  if (v.submit) {
    const submit = el("button", "btn btn-primary", v.submit.text);
    submit.type = "submit";
    foot.append(submit);
  }
  form.append(head, body, foot);
  form.onsubmit = (event) => {
    event.preventDefault();
    submitModal(modal.id, form, v.blocks);
  };
}

async function submitModal(viewId, form, blocks) {
  const { values, missing } = readValues(form, blocks);
  if (missing.length > 0) {
    view.modalErrors = Object.fromEntries(missing.map((id) => [id, "Please complete this required field."]));
    return redrawModalKeeping(form);
  }
  const outcome = await call("submit", { viewId, values }).catch(() => undefined);
  if (outcome?.kind === "errors") {
    view.modalErrors = outcome.errors ?? {};
    return redrawModalKeeping(form);
  }
  view.modalErrors = {};
  view.kept = undefined;
  await settle();
}

// Errors are drawn under their fields; what the person entered stays as they left it.
function redrawModalKeeping(form) {
  const current = view.kept?.id === view.state.modal.id ? view.kept : view.state.modal;
  const { values } = readValues(form, current.view.blocks);
  const kept = structuredClone(current);
  kept.view.blocks.forEach((block, i) => {
    const state = values[blockIdOf(block, i)]?.[block.element?.action_id];
    if (state) keepInitial(block.element, state);
  });
  view.kept = kept;
  delete view.drawn.modal;
  draw();
}

function keepInitial(e, state) {
  if ("value" in state) e.initial_value = state.value ?? undefined;
  if ("selected_options" in state)
    e.initial_options = state.selected_options.length ? state.selected_options : undefined;
  if ("selected_option" in state) e.initial_option = state.selected_option ?? undefined;
  if ("selected_user" in state) e.initial_user = state.selected_user ?? undefined;
  if ("selected_users" in state) e.initial_users = state.selected_users;
  if ("selected_conversations" in state) e.initial_conversations = state.selected_conversations;
  if ("selected_channels" in state) e.initial_channels = state.selected_channels;
  if ("selected_time" in state) e.initial_time = state.selected_time ?? undefined;
  if ("selected_date" in state) e.initial_date = state.selected_date ?? undefined;
}

async function closeModal(viewId) {
  view.modalErrors = {};
  view.kept = undefined;
  await call("close", { viewId }).catch(() => {});
  await refresh();
}

function drawRefusals() {
  const box = $("refusals");
  const refusals = view.state.refusals;
  box.hidden = refusals.length === 0;
  box.replaceChildren();
  if (refusals.length === 0) return;
  box.append(el("strong", "", "Slack refused what the bot sent (a person in Slack would see nothing):"));
  const list = el("ul");
  for (const r of refusals)
    list.append(
      el("li", "", `${r.method}: ${r.error}${r.messages.length ? ` — ${r.messages.join("; ")}` : ""}`),
    );
  box.append(list);
}

function wire() {
  $("person").addEventListener("change", (event) => {
    view.user = event.target.value;
    view.drawn = {};
    refresh();
  });
  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $("composer-text");
    const typed = input.value.trim();
    if (typed === "") return;
    const command = /^\/mlops\b\s*(.*)$/s.exec(typed);
    if (!command)
      return notice(
        "The playground only has the bot's slash command: type /mlops followed by what you want, e.g. /mlops status.",
      );
    notice("");
    // What was typed stays in the box when it could not be sent.
    const sent = await call("command", { channel: view.conversation, text: command[1] }).then(
      () => true,
      () => false,
    );
    if (sent) input.value = "";
    await settle();
  });
  for (const b of document.querySelectorAll("[data-tab]"))
    b.addEventListener("click", () => {
      view.tab = b.dataset.tab;
      if (view.tab === "home") call("home").then(settle, () => {});
      draw();
    });
  for (const b of document.querySelectorAll("[data-jump]"))
    b.addEventListener("click", () => moveClock({ jump: b.dataset.jump }));
  for (const b of document.querySelectorAll("[data-github]"))
    b.addEventListener("click", () => sendGithub(b.dataset.github));
  $("clock-go").addEventListener("click", () => {
    const value = $("clock-to").value;
    if (!value) return;
    const to = new Date(`${value}:00Z`);
    // Said here, before asking: the playground would refuse it anyway.
    if (view.state && to <= new Date(view.state.now))
      return notice(`The clock only moves forward. Choose a time after ${formatNow(view.state.now)}.`, true);
    moveClock({ to: to.toISOString() });
  });
  $("reset").addEventListener("click", async () => {
    if (!window.confirm("Start over with the demo organisation? Everything done here so far is forgotten."))
      return;
    notice("Resetting…");
    await call("reset").catch(() => {});
    view.drawn = {};
    notice("Reset: the demo organisation is back as it started.");
    await refresh();
  });
}

async function moveClock(body) {
  notice("Moving the clock and running the scheduler's tick…");
  const result = await call("clock", body).catch(() => undefined);
  if (!result) return;
  const sent = Object.entries(result.sent)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind.replace("_", " ")}${n === 1 ? "" : "s"}`);
  notice(`Now ${formatNow(result.now)}: the tick posted ${sent.length ? sent.join(", ") : "nothing"}.`);
  await refresh();
}

/** A GitHub button: the playground signs GitHub's delivery for this channel's team and posts it to the bot. */
async function sendGithub(kind) {
  notice("Sending GitHub's webhook to the bot…");
  const sentence = await call("github", { kind, channel: view.conversation }).catch(() => undefined);
  if (sentence) notice(sentence);
  await refresh();
}

wire();
refresh();
setInterval(refresh, 2000);
