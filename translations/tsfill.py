"""Shared by the fill_<language>.py scripts: writes a table of translations into a .ts file.

A table maps each English source string to its translation, or to a list of numerus forms for
a string with %n (as many forms as the language has: German two, Chinese one). Messages the
table lacks are listed and the script exits 1, so a new string cannot be forgotten.
"""
import html
import re
import sys


def fill_ts(path, table, language):
    text = open(path, encoding="utf-8").read()
    missing = []

    def fill(match):
        head, source = match.group(1), match.group(2)
        key = html.unescape(source)
        translated = table.get(key)
        if translated is None:
            missing.append(key)
            return match.group(0)
        if isinstance(translated, list):
            forms = "".join(
                f"\n            <numerusform>{html.escape(f, quote=False)}</numerusform>"
                for f in translated)
            translation = f"<translation>{forms}\n        </translation>"
        else:
            translation = f"<translation>{html.escape(translated, quote=False)}</translation>"
        return f"{head}<source>{source}</source>\n        {translation}"

    text = re.sub(r"(<message[^>]*>\s*)<source>(.*?)</source>\s*(<translation.*?</translation>)",
                  fill, text, flags=re.S)
    open(path, "w", encoding="utf-8").write(text)
    if missing:
        print(f"no {language} for:\n  " + "\n  ".join(missing))
        sys.exit(1)
