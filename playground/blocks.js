// Block Kit as the page draws it: any block the bot sends gets drawn, and buttons and inputs behave as in
// Slack. Unknown blocks and elements are named, never dropped silently. All text goes in as text.
import { chart } from "./chart.js";
import { el, mrkdwn } from "./mrkdwn.js";

/** The block_id Slack reports for a block: its own, or one Slack made up (the server uses the same rule). */
export function blockIdOf(block, index) {
  return typeof block.block_id === "string" ? block.block_id : `block-${index}`;
}

/** A text object: mrkdwn or plain_text. */
export function text(object, names) {
  if (!object) return document.createDocumentFragment();
  if (object.type === "mrkdwn") return mrkdwn(object.text, names);
  return document.createTextNode(String(object.text ?? ""));
}

/**
 * ctx: { names, click(blockIndex, element), errors: {block_id: message} } — click is how a button's
 * block_actions reaches the bot.
 */
export function renderBlocks(blocks, ctx) {
  const out = el("div", "blocks");
  (Array.isArray(blocks) ? blocks : []).forEach((block, i) => {
    const node = renderBlock(block, i, ctx);
    node.dataset.blockId = blockIdOf(block, i);
    out.append(node);
  });
  return out;
}

function renderBlock(block, i, ctx) {
  switch (block.type) {
    case "header": {
      const h = el("h3", "block-header");
      h.append(text(block.text, ctx.names));
      return h;
    }
    case "section":
      return section(block, i, ctx);
    case "context": {
      const c = el("div", "block-context");
      for (const e of block.elements ?? []) {
        if (e.type === "image") c.append(image(e.image_url, e.alt_text, "context-image"));
        else {
          const span = el("span");
          span.append(text(e, ctx.names));
          c.append(span);
        }
      }
      return c;
    }
    case "divider":
      return el("hr", "block-divider");
    case "actions": {
      const row = el("div", "block-actions");
      for (const e of block.elements ?? []) row.append(element(e, i, ctx));
      return row;
    }
    case "image": {
      const fig = el("figure", "block-image");
      if (block.title) fig.append(el("figcaption", "", block.title.text));
      fig.append(image(block.image_url, block.alt_text));
      return fig;
    }
    case "data_visualization":
      return chart(block);
    case "input":
      return input(block, i, ctx);
    case "rich_text":
      return richText(block, ctx);
    default:
      return el("div", "unsupported", `[${block.type} block: not drawn by the playground]`);
  }
}

function section(block, i, ctx) {
  const s = el("div", "block-section");
  const body = el("div", "section-body");
  if (block.text) {
    const t = el("div", "section-text");
    t.append(text(block.text, ctx.names));
    body.append(t);
  }
  if (Array.isArray(block.fields)) {
    const grid = el("div", "section-fields");
    for (const f of block.fields) {
      const cell = el("div");
      cell.append(text(f, ctx.names));
      grid.append(cell);
    }
    body.append(grid);
  }
  s.append(body);
  if (block.accessory) {
    const a = el("div", "section-accessory");
    a.append(
      block.accessory.type === "image"
        ? image(block.accessory.image_url, block.accessory.alt_text)
        : element(block.accessory, i, ctx),
    );
    s.append(a);
  }
  return s;
}

function image(url, alt, className = "") {
  const img = el("img", className);
  if (/^https?:/i.test(String(url ?? ""))) img.src = url;
  img.alt = String(alt ?? "");
  return img;
}

/** An interactive element in a message or the Home tab: buttons and menus work; anything else is shown by name. */
function element(e, i, ctx) {
  if (e.type === "static_select") {
    // Slack sends block_actions as soon as an option is picked (there is no submit outside a modal).
    const select = el("select", "menu");
    if (!e.initial_option) {
      // Slack's menu shows its placeholder until an option is picked, and the placeholder is never one.
      const placeholder = new Option(e.placeholder?.text ?? "Choose…", "", true, true);
      placeholder.disabled = true;
      select.append(placeholder);
    }
    for (const o of selectOptions(e, ctx)) select.append(new Option(o.label, o.value, false, o.selected));
    select.addEventListener("change", () => ctx.click(i, e, select.value));
    return select;
  }
  if (e.type === "button") {
    const b = el("button", `btn ${e.style ? `btn-${e.style}` : ""}`.trim());
    b.type = "button";
    b.append(text(e.text, ctx.names));
    b.addEventListener("click", () => {
      if (e.url && /^https?:/i.test(e.url)) window.open(e.url, "_blank", "noopener,noreferrer");
      ctx.click(i, e);
    });
    return b;
  }
  const label = e.placeholder?.text ?? e.text?.text ?? e.type;
  return el("span", "unsupported", `[${e.type}: ${label}]`);
}

function richText(block, ctx) {
  const out = el("div", "rich-text");
  for (const part of block.elements ?? []) {
    const p = el(
      part.type === "rich_text_preformatted" ? "pre" : part.type === "rich_text_quote" ? "blockquote" : "div",
    );
    if (part.type === "rich_text_list") {
      const list = el(part.style === "ordered" ? "ol" : "ul");
      for (const item of part.elements ?? []) {
        const li = el("li");
        li.append(richRun(item.elements ?? [], ctx));
        list.append(li);
      }
      p.append(list);
    } else p.append(richRun(part.elements ?? [], ctx));
    out.append(p);
  }
  return out;
}

function richRun(elements, ctx) {
  const out = document.createDocumentFragment();
  for (const r of elements) {
    let node;
    if (r.type === "user") node = el("span", "mention", `@${ctx.names.user(r.user_id) ?? r.user_id}`);
    else if (r.type === "channel")
      node = el("span", "mention", `#${ctx.names.channel(r.channel_id) ?? r.channel_id}`);
    else if (r.type === "emoji") node = mrkdwn(`:${r.name}:`, ctx.names);
    else if (r.type === "link") {
      node = el("a", "", r.text ?? r.url);
      if (/^https?:/i.test(r.url)) node.href = r.url;
      node.rel = "noopener noreferrer";
      node.target = "_blank";
    } else node = document.createTextNode(String(r.text ?? ""));
    if (r.style?.bold || r.style?.italic || r.style?.code) {
      const wrap = el(r.style.code ? "code" : r.style.bold ? "strong" : "em");
      wrap.append(node);
      node = wrap;
    }
    out.append(node);
  }
  return out;
}

// ---- Modals: input blocks as form fields, read back as Slack's view.state.values.

function optionsOf(e) {
  return e.options ?? (e.option_groups ?? []).flatMap((g) => g.options ?? []);
}

function input(block, i, ctx) {
  const id = blockIdOf(block, i);
  const e = block.element ?? {};
  const field = el("div", "block-input");
  field.dataset.inputBlock = id;
  const label = el("label", "input-label");
  label.append(text(block.label, ctx.names));
  if (block.optional) label.append(el("span", "optional", " (optional)"));
  field.append(label);
  const control = inputControl(e, ctx, `${id}-${e.action_id}`);
  field.append(control);
  label.htmlFor = control.querySelector("input,select,textarea")?.id ?? "";
  if (block.hint) {
    const hint = el("div", "hint");
    hint.append(text(block.hint, ctx.names));
    field.append(hint);
  }
  const error = ctx.errors?.[id];
  if (error) {
    field.classList.add("has-error");
    field.append(el("div", "field-error", error));
  }
  return field;
}

function inputControl(e, ctx, key) {
  const wrap = el("div", "control");
  wrap.dataset.type = e.type;
  const named = (node) => {
    node.id = `f-${key}`;
    return node;
  };
  switch (e.type) {
    case "plain_text_input":
    case "number_input":
    case "email_text_input":
    case "url_text_input": {
      const box = named(el(e.multiline ? "textarea" : "input"));
      if (!e.multiline) box.type = e.type === "number_input" ? "number" : "text";
      box.value = e.initial_value ?? "";
      if (e.placeholder) box.placeholder = e.placeholder.text;
      if (e.max_length) box.maxLength = e.max_length;
      wrap.append(box);
      break;
    }
    case "checkboxes":
    case "radio_buttons": {
      const initial =
        e.type === "checkboxes" ? (e.initial_options ?? []).map((o) => o.value) : [e.initial_option?.value];
      optionsOf(e).forEach((o, n) => {
        const row = el("label", "choice");
        const box = el("input");
        box.type = e.type === "checkboxes" ? "checkbox" : "radio";
        box.name = key;
        box.value = o.value;
        box.id = `f-${key}-${n}`;
        box.checked = initial.includes(o.value);
        row.append(box, text(o.text, ctx.names));
        if (o.description) {
          const d = el("span", "choice-description");
          d.append(text(o.description, ctx.names));
          row.append(d);
        }
        wrap.append(row);
      });
      break;
    }
    case "multi_static_select":
    case "multi_users_select":
    case "multi_conversations_select":
    case "multi_channels_select":
      wrap.append(chips(e, ctx, named));
      break;
    case "static_select":
    case "users_select":
    case "conversations_select":
    case "channels_select": {
      const select = named(el("select"));
      select.append(new Option(e.placeholder?.text ?? "Choose…", ""));
      for (const o of selectOptions(e, ctx)) select.append(new Option(o.label, o.value, false, o.selected));
      wrap.append(select);
      break;
    }
    case "timepicker":
    case "datepicker": {
      const box = named(el("input"));
      box.type = e.type === "timepicker" ? "time" : "date";
      box.value = e.initial_time ?? e.initial_date ?? "";
      wrap.append(box);
      break;
    }
    default:
      wrap.append(el("span", "unsupported", `[${e.type}: not drawn by the playground]`));
  }
  return wrap;
}

/**
 * A multi-select as Slack draws it: the chosen ones as chips, each removed with its ×, and a menu that adds
 * one more. A click never clears the others (a native list box would).
 */
function chips(e, ctx, named) {
  const box = el("div", "multi-select");
  const chosen = el("div", "chips");
  chosen.setAttribute("role", "list");
  const menu = named(el("select", "chip-add"));
  const options = selectOptions(e, ctx);
  const label = (value) => options.find((o) => o.value === value)?.label ?? value;
  const drawMenu = () => {
    const taken = new Set([...chosen.children].map((c) => c.dataset.value));
    menu.replaceChildren(new Option(e.placeholder?.text ?? "Add…", ""));
    for (const o of options) if (!taken.has(o.value)) menu.append(new Option(o.label, o.value));
  };
  const add = (value) => {
    const chip = el("span", "chip");
    chip.setAttribute("role", "listitem");
    chip.dataset.value = value;
    const remove = el("button", "chip-x", "×");
    remove.type = "button";
    remove.setAttribute("aria-label", `Remove ${label(value)}`);
    remove.addEventListener("click", () => {
      chip.remove();
      drawMenu();
    });
    chip.append(el("span", "chip-label", label(value)), remove);
    chosen.append(chip);
  };
  for (const o of options) if (o.selected) add(o.value);
  drawMenu();
  menu.addEventListener("change", () => {
    if (menu.value) add(menu.value);
    drawMenu();
  });
  box.append(chosen, menu);
  return box;
}

/** The values a multi-select's chips hold, in the order they were added. */
function chipValues(field) {
  return [...field.querySelectorAll(".chip")].map((c) => c.dataset.value);
}

function selectOptions(e, ctx) {
  if (e.type === "users_select" || e.type === "multi_users_select") {
    const chosen = e.initial_users ?? (e.initial_user ? [e.initial_user] : []);
    return ctx.people.map((p) => ({ label: p.name, value: p.id, selected: chosen.includes(p.id) }));
  }
  if (e.type.includes("conversations_select") || e.type.includes("channels_select")) {
    const chosen = [
      ...(e.initial_conversations ?? e.initial_channels ?? []),
      e.initial_conversation ?? e.initial_channel,
    ];
    return ctx.channels.map((c) => ({ label: `#${c.name}`, value: c.id, selected: chosen.includes(c.id) }));
  }
  const chosen = (e.initial_options ?? (e.initial_option ? [e.initial_option] : [])).map((o) => o.value);
  return optionsOf(e).map((o) => ({
    label: o.text?.text ?? o.value,
    value: o.value,
    selected: chosen.includes(o.value),
  }));
}

/**
 * The form's values as view.state.values, and the required fields left empty (Slack itself refuses to submit
 * those: "Please complete this required field.").
 */
export function readValues(form, blocks) {
  const values = {};
  const missing = [];
  (blocks ?? []).forEach((block, i) => {
    if (block.type !== "input" || !block.element) return;
    const id = blockIdOf(block, i);
    const field = form.querySelector(`[data-input-block="${CSS.escape(id)}"]`);
    if (!field) return;
    const state = stateOf(block.element, field);
    values[id] = { [block.element.action_id]: state.value };
    if (!block.optional && state.empty) missing.push(id);
  });
  return { values, missing };
}

function stateOf(e, field) {
  const type = e.type;
  const control = field.querySelector("input,select,textarea");
  const options = optionsOf(e);
  const option = (value) => options.find((o) => o.value === value);
  switch (type) {
    case "checkboxes": {
      const chosen = [...field.querySelectorAll("input:checked")].map((b) => option(b.value)).filter(Boolean);
      return { value: { type, selected_options: chosen }, empty: chosen.length === 0 };
    }
    case "radio_buttons": {
      const chosen = option(field.querySelector("input:checked")?.value);
      return { value: { type, selected_option: chosen ?? null }, empty: !chosen };
    }
    case "static_select": {
      const chosen = option(control.value);
      return { value: { type, selected_option: chosen ?? null }, empty: !chosen };
    }
    case "multi_static_select": {
      const chosen = chipValues(field).map(option).filter(Boolean);
      return { value: { type, selected_options: chosen }, empty: chosen.length === 0 };
    }
    case "multi_conversations_select": {
      const chosen = chipValues(field);
      return { value: { type, selected_conversations: chosen }, empty: chosen.length === 0 };
    }
    case "multi_channels_select": {
      const chosen = chipValues(field);
      return { value: { type, selected_channels: chosen }, empty: chosen.length === 0 };
    }
    case "users_select":
      return { value: { type, selected_user: control.value || null }, empty: !control.value };
    case "multi_users_select": {
      const users = chipValues(field);
      return { value: { type, selected_users: users }, empty: users.length === 0 };
    }
    case "conversations_select":
      return { value: { type, selected_conversation: control.value || null }, empty: !control.value };
    case "channels_select":
      return { value: { type, selected_channel: control.value || null }, empty: !control.value };
    case "timepicker":
      return { value: { type, selected_time: control.value || null }, empty: !control.value };
    case "datepicker":
      return { value: { type, selected_date: control.value || null }, empty: !control.value };
    default: {
      const value = control?.value ?? "";
      return { value: { type, value: value === "" ? null : value }, empty: value.trim() === "" };
    }
  }
}
