"""XSS payloads (OWASP filter-evasion cheat sheet classes) and a checker for rendered HTML.

Every payload contains the marker "alert" or "XSS", so the checker can tell payload-born
markup from the admin's own inline scripts.
"""

import re

from bs4 import BeautifulSoup

PAYLOADS = [
    # Plain script tags, case and whitespace variants, remote source.
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    '<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>',
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    # javascript: URLs, case mixing, entity and control-character obfuscation.
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert('XSS')\">x</a>",
    "javascript:alert('XSS')",
    # Event handlers, malformed tags, quote breaking out of attributes.
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    '<a onmouseover="alert(document.cookie)">XSS link</a>',
    "'\"><img src=x onerror=alert('XSS')>",
    "\" autofocus onfocus=\"alert('XSS')",
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    "<details open ontoggle=alert('XSS')>",
    # SVG, MathML, style and CSS expressions.
    "<svg/onload=alert('XSS')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS')>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    # Frames, objects, meta refresh, data: URLs, base hijack.
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<object data=\"javascript:alert('XSS')\"></object>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">XSS</a>',
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    # Template-injection probes (Django templates must not evaluate user text).
    "{{ request.META }}{% debug %}alert('XSS')",
]

MARKER = re.compile(r"alert|xss", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}
DANGEROUS_SCHEMES = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
NON_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


def _normalised(value):
    # Browsers ignore whitespace and control characters inside a URL scheme.
    return re.sub(r"[\x00-\x20]", "", value or "")


def find_executable_markup(html):
    """Return a list of findings: markup in `html` that a payload could have made executable."""
    soup = BeautifulSoup(html, "html.parser")
    findings = []
    for element in soup.find_all(True):
        name = element.name.lower()
        findings += _attribute_findings(name, element)
        findings += _element_findings(name, element)
    return findings


def _attribute_findings(name, element):
    """Event handlers, script URLs and styles a payload reached."""
    findings = []
    for attribute, value in element.attrs.items():
        value = " ".join(value) if isinstance(value, list) else str(value)
        attribute = attribute.lower()
        if attribute.startswith("on") and MARKER.search(value):
            findings.append(f"<{name} {attribute}={value!r}>")
        if attribute in URL_ATTRIBUTES and DANGEROUS_SCHEMES.match(_normalised(value)):
            findings.append(f"<{name} {attribute}={value!r}>")
        if attribute == "style" and MARKER.search(value):
            findings.append(f"<{name} style={value!r}>")
    return findings


def _element_findings(name, element):
    """Elements that run or load what a payload put in them."""
    if name == "script":
        if (element.get("type") or "").lower() in NON_SCRIPT_TYPES:
            return []
        if MARKER.search(element.get_text() or "") or MARKER.search(element.get("src") or ""):
            return [f"<script>{element.get_text()[:80]!r}"]
    elif name in {"style"} and MARKER.search(element.get_text() or ""):
        return [f"<style>{element.get_text()[:80]!r}"]
    elif name in {"svg", "math"}:
        # Foreign content re-parses its children (mutation XSS): any payload inside counts;
        # the site and the admin use no MathML at all (the admin's icons are SVG).
        if name == "math" or MARKER.search(str(element)):
            return [f"<{name}>{str(element)[:80]!r}"]
    elif name in {"iframe", "object", "embed"}:
        source = " ".join(str(element.get(a) or "") for a in ("src", "data", "srcdoc"))
        if MARKER.search(source):
            return [f"<{name} {element.attrs!r}>"]
    elif name == "base" or (name == "meta" and element.get("http-equiv")):
        if MARKER.search(str(element.attrs)):
            return [f"<{name} {element.attrs!r}>"]
    elif name == "body" and any(a.lower().startswith("on") for a in element.attrs):
        return [f"<body {element.attrs!r}>"]
    return []
