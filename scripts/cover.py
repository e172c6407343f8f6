# cover.py NEW OLD: give the cover letter NEW that git format-patch wrote
# the headers, subject and text of OLD (if it exists), keeping NEW's
# shortlog and diffstat and its patch count.
import re
import sys

new_path, old_path = sys.argv[1], sys.argv[2]
new = open(new_path).read()
try:
    old = open(old_path).read()
except FileNotFoundError:
    print("warning: no cover letter yet; fill in the subject and text of "
          + old_path, file=sys.stderr)
    sys.exit(0)


def split(text):
    head, _, body = text.partition("\n\n")
    return head, body


shortlog = re.compile(r"^\S.* \(\d+\):$", re.M)
new_head, new_body = split(new)
old_head, old_body = split(old)
m = shortlog.search(new_body)
tail = new_body[m.start():]
blurb = old_body
m_old = shortlog.search(old_body)
if m_old:
    blurb = old_body[:m_old.start()]
# "0/6", or "00/11" from ten patches on; OLD's prefix ("PATCH v2") stays.
nr = re.search(r"^Subject: \[PATCH (0+/\d+)\]", new_head, re.M).group(1)
head = re.sub(r"^(Subject: \[[^]]*?)0+/\d+\]", r"\g<1>%s]" % nr, old_head,
              flags=re.M)
open(new_path, "w").write(head + "\n\n" + blurb + tail)
