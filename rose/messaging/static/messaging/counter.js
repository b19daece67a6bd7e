// Live character and fragment counter for text-message boxes (the server gives the same
// figures through the "Check length" button when JavaScript is off).
const GSM = new Set([..."@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"]);
const EXT = new Set([..."^{}\\[~]|€\f"]);

export function textSize(body) {
  const chars = [...body];
  const gsm = chars.every((c) => GSM.has(c) || EXT.has(c));
  const units = gsm ? chars.reduce((n, c) => n + (EXT.has(c) ? 2 : 1), 0) : body.length;
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  const fragments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi);
  return { characters: chars.length, fragments, encoding: gsm ? "GSM-7" : "Unicode" };
}

for (const box of document.querySelectorAll("textarea[data-sms-counter]")) {
  const out = document.getElementById(box.dataset.smsCounter);
  if (!out) continue;
  const update = () => {
    const s = textSize(box.value);
    out.textContent = `${s.characters} characters, ${s.fragments} text message part${s.fragments === 1 ? "" : "s"} (${s.encoding})` +
      (s.characters > 918 ? ": too long" : "");
  };
  box.addEventListener("input", update);
  update();
}
