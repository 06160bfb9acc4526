// Conditional reveal for radios, for the pages that load it: a radio with
// data-rt-controls="<id>" shows that element only while it is chosen. NHS.UK frontend's
// own reveal sets aria-expanded on the radio, which ARIA does not allow there (axe:
// aria-allowed-attr, critical); this one only shows and hides. Without JavaScript
// nothing is hidden: the CSS hides `--hidden` only once the page runs scripts.
for (const group of document.querySelectorAll("[data-rt-reveal]")) {
  const sync = () => {
    for (const input of group.querySelectorAll("input[data-rt-controls]")) {
      const target = document.getElementById(input.dataset.rtControls);
      if (target) target.classList.toggle("nhsuk-radios__conditional--hidden", !input.checked);
    }
  };
  group.addEventListener("change", sync);
  sync();
}
