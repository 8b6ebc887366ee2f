// A tiny stand-in for the browser DOM, enough to run the fixture web's inline app scripts in Node.
// Reads {"state": ..., "code": ...} on stdin; prints the texts of the h1, p and a elements built.
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const made = [];
function element(tag) {
  const el = { tagName: tag, children: [], textContent: "", className: "", attrs: {},
    appendChild(child) { this.children.push(child); return child; },
    setAttribute(name, value) { this.attrs[name] = value; },
    remove() { this.removed = true; },
    set innerHTML(value) { this.children = []; } };
  made.push(el);
  return el;
}
const app = element("div");
const list = element("ul");
const loading = element("div");
const document = {
  title: "",
  head: element("head"),
  createElement: element,
  getElementById(id) {
    if (id === "__PULSE_STATE__") return { textContent: input.state };
    return id === "headlines" ? list : app;
  },
  querySelector() { return loading; },
};
new Function("document", input.code)(document);
const texts = (tag) => made.filter((el) => el.tagName === tag).map((el) => el.textContent);
process.stdout.write(JSON.stringify({ title: document.title, h1: texts("h1"), p: texts("p"), a: texts("a") }));
