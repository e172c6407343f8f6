# identity.py OLD NEW FILE: in a mail written by git format-patch, put the
# identity NEW ("Name <address>") in place of OLD in the From: header and
# in the trailers of the message, before the "---" line that starts the
# diffstat and the diff; the diff itself is not touched.
import sys

old, new, path = sys.argv[1:4]
if old == new:
    sys.exit(0)
text = open(path).read()
head, sep, body = text.partition("\n\n")
lines = head.split("\n")
for i, line in enumerate(lines):
    if line.lower().startswith("from: ") and old in line:
        lines[i] = line.replace(old, new)
msg, cut, rest = body.partition("\n---\n")
msg = "\n".join(l.replace(old, new) if l.split(":", 1)[0] in
                ("Signed-off-by", "Co-developed-by") else l
                for l in msg.split("\n"))
open(path, "w").write("\n".join(lines) + sep + msg + cut + rest)
