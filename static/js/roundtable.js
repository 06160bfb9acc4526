// NHS.UK frontend's script is an ES module: import it, mark the page as able to run
// it (the CSS hides some things until then), and start every component.
import { initAll } from "../wagtailnhsukfrontend/js/nhsuk-frontend-10.4.2.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// Escape closes the header's "More" menu (NHS.UK frontend 10), which hides the link
// that had focus and leaves focus on <body>. Put focus back on the "More" toggle
// first: this listener runs before the header's own (window, capture phase).
window.addEventListener(
  "keydown",
  (event) => {
    const toggle = document.querySelector(".nhsuk-header__menu-toggle");
    const menu = toggle && toggle.closest(".nhsuk-header__menu");
    if (
      event.key === "Escape" &&
      menu &&
      toggle.getAttribute("aria-expanded") === "true" &&
      menu.contains(document.activeElement)
    ) {
      toggle.focus();
    }
  },
  true,
);
