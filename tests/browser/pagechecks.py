"""What the browser tests check on a page besides axe: structure, labels, tap targets, fit, CSP.

Each check returns a list of problems (empty when the page is fine), so one test can sweep
every page type and report all that is wrong at once instead of stopping at the first page.
"""

from itertools import pairwise

# Headings a reader meets (hidden ones are skipped by screen readers too; visually hidden
# ones are not, and checkVisibility() keeps them).
_HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter((h) => h.checkVisibility())
  .map((h) => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""

_LANDMARKS = """() => ({
  banner: document.querySelectorAll('body > header').length,
  navInBanner: document.querySelectorAll('body > header nav').length,
  main: document.querySelectorAll('main').length,
  contentinfo: document.querySelectorAll('body > footer').length,
})"""

# Form controls without an accessible name: no <label>, aria-label(ledby) or title.
_UNLABELLED = """() => [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button')]
  .filter((el) => el.checkVisibility())
  .filter((el) => {
    if (el.labels && [...el.labels].some((label) => label.textContent.trim())) return false;
    if ((el.getAttribute('aria-label') || '').trim()) return false;
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    if (ids.some((id) => (document.getElementById(id)?.textContent || '').trim())) return false;
    if ((el.getAttribute('title') || '').trim()) return false;
    if (el.tagName === 'BUTTON' && el.textContent.trim()) return false;
    return true;
  })
  .map((el) => `${el.tagName.toLowerCase()} name=${el.name || '?'} id=${el.id || '?'}`)"""

# Targets that should be at least 44 x 44 CSS px (WCAG 2.5.5): buttons, form controls (a
# checkbox or radio button counts with the label that wraps or names it), navigation links,
# pagination and the action links next to results. Links inside running text are exempt.
_SMALL_TARGETS = """(minimum) => {
  const targets = new Set();
  const selectors = [
    'button', 'input:not([type=hidden])', 'select', 'textarea', 'summary',
    'nav a[href]', 'body > header a[href]', 'body > footer a[href]', '.skip-link',
    '.pagination a[href]', '.result-actions a[href]', '.handout-tools a[href]',
    '.town-list a[href]',
  ];
  for (const el of document.querySelectorAll(selectors.join(', '))) {
    const box = (el.type === 'checkbox' || el.type === 'radio')
      ? (el.closest('label') || (el.labels && el.labels[0]) || el) : el;
    targets.add(box);
  }
  const small = [];
  for (const el of targets) {
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    if (el.closest('.leaflet-container')) continue;  // the map only adds a picture
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // e.g. the skip link off-screen
    if (box.right <= 0 || box.bottom <= 0) continue;
    if (box.width < minimum || box.height < minimum) {
      const text = (el.innerText || el.value || el.name || '').trim().split('\\n')[0];
      small.push(`${el.tagName.toLowerCase()} "${text.slice(0, 40)}" ` +
                 `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""

# Error messages tied to their fields: every invalid field is described by an element with
# the error text, every aria-describedby / aria-labelledby id exists, and every error shown
# describes some field.
_FIELD_ERRORS = """() => {
  const problems = [];
  const label = (el) => `${el.tagName.toLowerCase()} name=${el.name || el.id || '?'}`;
  for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
    for (const attribute of ['aria-describedby', 'aria-labelledby']) {
      for (const id of (el.getAttribute(attribute) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) problems.push(`${label(el)}: ${attribute} #${id} missing`);
      }
    }
  }
  const described = new Set();
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    for (const id of el.getAttribute('aria-describedby').split(/\\s+/)) described.add(id);
  }
  for (const el of document.querySelectorAll('[aria-invalid=true]')) {
    const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    const ownIds = (el.closest('[aria-describedby]')?.getAttribute('aria-describedby') || '')
      .split(/\\s+/).filter(Boolean);
    const texts = [...ids, ...ownIds].map((id) => document.getElementById(id))
      .filter((target) => target && target.checkVisibility() && target.textContent.trim());
    if (!texts.length) problems.push(`${label(el)} is invalid but described by no message`);
  }
  for (const el of document.querySelectorAll('.errorlist, .field-error')) {
    if (!el.checkVisibility() || el.classList.contains('nonfield')) continue;
    if (!el.id || !described.has(el.id)) {
      problems.push(`error "${el.textContent.trim().slice(0, 50)}" describes no field`);
    }
  }
  return problems;
}"""

_FOCUS_RING = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {
    visible: outline || style.boxShadow !== 'none',
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || el.name || '').trim().slice(0, 40),
  };
}"""


def heading_problems(page) -> list[str]:
    """Exactly one h1, the first heading an h1, and no level skipped on the way down."""
    headings = page.evaluate(_HEADINGS)
    levels = [level for level, _ in headings]
    problems = []
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 elements")
    if levels and levels[0] != 1:
        problems.append(f"first heading is h{levels[0]}")
    for (before, _), (level, text) in pairwise(headings):
        if level > before + 1:
            problems.append(f"h{before} followed by h{level} ({text!r})")
    return problems


def landmark_problems(page) -> list[str]:
    """One banner with the main navigation, one main, one contentinfo."""
    found = page.evaluate(_LANDMARKS)
    wanted = {"banner": 1, "main": 1, "contentinfo": 1}
    problems = [f"{found[name]} {name} landmarks" for name, n in wanted.items() if found[name] != n]
    if not found["navInBanner"]:
        problems.append("no navigation in the header")
    return problems


def unlabelled_controls(page) -> list[str]:
    return page.evaluate(_UNLABELLED)


def field_error_problems(page) -> list[str]:
    """Error messages not tied to their fields (aria-describedby), or references to nothing."""
    return page.evaluate(_FIELD_ERRORS)


def small_targets(page, minimum: int = 44) -> list[str]:
    return page.evaluate(_SMALL_TARGETS, minimum)


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def focus_ring(page) -> dict | None:
    """The focused element and whether it shows an outline or a box shadow (None: no focus)."""
    return page.evaluate(_FOCUS_RING)


def csp_problems(header: str | None) -> list[str]:
    """What keeps a Content-Security-Policy header from being strict."""
    if not header:
        return ["no Content-Security-Policy header"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [word.lower() for word in words[1:]]
    problems = []
    lax = {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"}
    for name in ("script-src", "style-src"):
        sources = directives.get(name, directives.get("default-src"))
        if sources is None:
            problems.append(f"no {name} (nor default-src)")
        elif lax & set(sources):
            problems.append(f"{name} allows {sorted(lax & set(sources))}")
    if "default-src" not in directives:
        problems.append("no default-src")
    if directives.get("object-src") != ["'none'"]:
        problems.append("object-src is not 'none'")
    for name in ("base-uri", "frame-ancestors", "form-action"):
        if name not in directives:
            problems.append(f"no {name}")
    return problems
