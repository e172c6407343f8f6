# cover.py [--mail] NEW OLD: give the cover letter NEW that git
# format-patch wrote the subject and text of OLD (if it exists), keeping
# NEW's shortlog, diffstat and what follows them (base-commit: lines).
# Without --mail (make export), NEW gets OLD's headers, with NEW's patch
# count in the subject; with --mail (make mbox), NEW keeps its own
# headers (Message-Id, To:, Cc:, its "[PATCH vN 0/n]") and takes only
# the words of OLD's subject.
import re
import sys

args = sys.argv[1:]
mail = args[:1] == ["--mail"]
if mail:
    args = args[1:]
new_path, old_path = args
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


def subject(head):
    """The Subject: header of HEAD, unfolded, and where it is."""
    m = re.search(r"^Subject: (.*(?:\n[ \t].*)*)", head, re.M)
    return re.sub(r"\n[ \t]+", " ", m.group(1)), m


shortlog = re.compile(r"^\S.* \(\d+\):$", re.M)
new_head, new_body = split(new)
old_head, old_body = split(old)
m = shortlog.search(new_body)
tail = new_body[m.start():]
blurb = old_body
m_old = shortlog.search(old_body)
if m_old:
    blurb = old_body[:m_old.start()]
new_subject, new_m = subject(new_head)
old_subject, _ = subject(old_head)
nr = re.match(r"\[[^]]*?(\d+/\d+)\]", new_subject).group(1)
words = re.sub(r"^\[[^]]*\] *", "", old_subject)
if mail:
    bracket = re.match(r"\[[^]]*\]", new_subject).group(0)
    head = (new_head[:new_m.start()] + "Subject: " + bracket + " " + words
            + new_head[new_m.end():])
else:
    # "0/6", or "00/11" from ten patches on; OLD's prefix ("PATCH v2") stays.
    prefix = re.match(r"\[(.*?) ?\d+/\d+\]", old_subject).group(1)
    _, old_m = subject(old_head)
    head = (old_head[:old_m.start()] + "Subject: [%s %s] %s" % (prefix, nr, words)
            + old_head[old_m.end():])
open(new_path, "w").write(head + "\n\n" + blurb + tail)
