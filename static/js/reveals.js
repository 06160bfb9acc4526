// Conditional reveal for radios (templates/forms/revealing_radios.html, home/reveals.py):
// a follow-up question shows only while the answer above it is chosen. Ours, not
// NHS.UK frontend's: theirs sets aria-expanded on the radio, which a radio may not have
// (axe: aria-allowed-attr). Without JavaScript nothing is hidden: the CSS hides a box
// only once the page is marked nhsuk-frontend-supported.
for (const radios of document.querySelectorAll("[data-reveals]")) {
  const inputs = [...radios.querySelectorAll('input[type="radio"]')];
  const sync = () => {
    for (const input of inputs) {
      const id = input.dataset.revealControls;
      const box = id && document.getElementById(id);
      if (box) box.classList.toggle("nhsuk-radios__conditional--hidden", !input.checked);
    }
  };
  for (const input of inputs) {
    if (input.dataset.revealControls) input.setAttribute("aria-controls", input.dataset.revealControls);
    input.addEventListener("change", sync);
  }
  // Back/forward caches keep the choice but not the boxes.
  window.addEventListener("pageshow", sync);
  sync();
}
