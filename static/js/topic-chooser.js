// The "find a topic" box of the topic chooser (members/widgets/topic_checkboxes.html):
// shown only when this runs, so without JavaScript every topic stays listed. Typing
// keeps the topics whose name, hint or category contains the words; ticked topics
// always stay in view, and a status line says how many match (its words come from the
// template, translated).
// NHS.UK's CSS gives checkbox items a display of their own, which beats the `hidden`
// attribute: hide with the style too.
const show = (element, shown) => {
  element.hidden = !shown;
  element.style.display = shown ? "" : "none";
};
const normalise = (text) => text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f']/g, "");

for (const chooser of document.querySelectorAll("[data-topic-chooser]")) {
  const finder = chooser.querySelector("[data-topic-finder]");
  const input = finder.querySelector("input");
  const status = finder.querySelector("[data-topic-status]");
  const items = [...chooser.querySelectorAll("[data-topic]")].map((item) => {
    const group = item.closest("[data-topic-group]");
    const legend = group ? group.querySelector("legend").textContent : "";
    return { item, group, text: normalise(`${item.textContent} ${legend}`) };
  });
  const groups = [...chooser.querySelectorAll("[data-topic-group]")];
  finder.hidden = false;

  const narrow = () => {
    const words = normalise(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const { item, text } of items) {
      const checked = item.querySelector("input").checked;
      const match = words.every((word) => text.includes(word));
      show(item, match || checked);
      if (match) shown += 1;
    }
    for (const group of groups) {
      show(group, Boolean(group.querySelector("[data-topic]:not([hidden])")));
    }
    if (!words.length) {
      status.textContent = "";
    } else if (shown === 0) {
      status.textContent = status.dataset.none;
    } else {
      status.textContent = shown === 1 ? status.dataset.one : status.dataset.many.replace("{count}", shown);
    }
  };
  input.addEventListener("input", narrow);
  // Enter in the box narrows the list; it must not send the form half-filled.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
}
