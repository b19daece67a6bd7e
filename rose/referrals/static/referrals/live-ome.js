// Live OME on the referral's opioid page. Progressive enhancement: without JavaScript the
// "Calculate total OME" button shows the same answer from the server. This script asks the
// staff API (the same dose engine) as the referrer types, and writes the answer with
// textContent only, so nothing typed can become markup.
const panel = document.getElementById("live-ome");
const form = panel ? panel.closest("main").querySelector("form") : null;

function rowItems() {
  const items = [];
  for (let i = 0; form.elements[`product_${i}`]; i += 1) {
    const product = form.elements[`product_${i}`].value;
    const units = form.elements[`units_${i}`].value.trim();
    const times = form.elements[`times_${i}`].value.trim();
    if (!product || !units) continue;
    const item = { product, units_per_dose: Number(units) };
    if (times) item.times_per_day = Number(times);
    if (form.elements[`as_needed_${i}`] && form.elements[`as_needed_${i}`].checked) item.as_needed = true;
    items.push(item);
  }
  return items;
}

function line(tag, text, className) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

function show(answer) {
  panel.replaceChildren(line("h2", "Live total while you type", "nhsuk-heading-s"));
  if (answer.errors) {
    panel.append(line("p", "Cannot calculate yet: " + answer.errors.map((e) => e.message).join("; ")));
    return;
  }
  panel.append(line("p", answer.calculable
    ? `${answer.total_ome_mg_per_day} mg oral morphine equivalent a day`
    : "No total: at least one medicine needs a specialist conversion", "nhsuk-heading-m"));
  const list = document.createElement("ul");
  for (const item of answer.items) {
    const amount = item.ome_mg_per_day === null ? "not calculable" : `${item.ome_mg_per_day} mg OME`;
    list.append(line("li", `${item.description}: ${amount} (factor ${item.factor ?? item.method}; ${item.source})`));
  }
  panel.append(list);
  for (const warning of answer.warnings) panel.append(line("p", warning.message, "nhsuk-u-font-weight-bold"));
  panel.append(line("p", `${answer.table_title}, version ${answer.table_version}. Other medicines from the next page are not included until you save.`, "rose-source"));
}

async function calculate() {
  const items = rowItems();
  if (!items.length) {
    panel.hidden = true;
    return;
  }
  const response = await fetch(panel.dataset.api, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
    body: JSON.stringify({ items }),
  });
  if (response.status === 200 || response.status === 400) {
    panel.hidden = false;
    show(await response.json());
  }
}

if (panel && form) {
  let timer = null;
  const later = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => calculate().catch(() => {}), 400);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
}
