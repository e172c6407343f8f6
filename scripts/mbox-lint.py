# mbox-lint.py MBOX COUNT BASE PREREQS: check the mails of one posting
# as git send-email would send them: a Message-Id on every mail, the
# cover letter first, each patch In-Reply-To it, "[PATCH vN m/COUNT]"
# subjects with m from 0 to COUNT in order, subjects at most 75 columns
# after the bracket, and the cover letter's base-commit: BASE with
# PREREQS prerequisite-patch-id: lines. Prints each problem; exits 1 if
# there is any.
import mailbox
import re
import sys

path, count, base, prereqs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
problems = []
msgs = list(mailbox.mbox(path))
if len(msgs) != count + 1:
    problems.append("%d mails, not a cover letter and %d patches" % (len(msgs), count))
cover_id = None
version = None
for n, msg in enumerate(msgs):
    subject = re.sub(r"\s*\n\s*", " ", msg.get("Subject", ""))
    mid = msg.get("Message-Id")
    if not mid:
        problems.append("mail %d has no Message-Id" % n)
    m = re.match(r"\[PATCH(?: (v\d+))? (\d+)/(\d+)\] (.*)", subject)
    if not m:
        problems.append("mail %d: subject %r is not [PATCH vN m/n]" % (n, subject))
        continue
    v, i, total, words = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
    if n == 0:
        version = v
        cover_id = mid
    elif v != version:
        problems.append("mail %d: version %s, the cover letter's is %s" % (n, v, version))
    if i != n or total != count:
        problems.append("mail %d is numbered %d/%d" % (n, i, total))
    if n and len(words) > 75:
        problems.append("patch %d: subject has %d columns: %s" % (n, len(words), words))
    if n and (msg.get("In-Reply-To") != cover_id or cover_id not in msg.get("References", "")):
        problems.append("patch %d is not threaded under the cover letter" % n)
if msgs:
    body = msgs[0].get_payload(decode=True).decode()
    bases = re.findall(r"^base-commit: (\S+)$", body, re.M)
    pre = re.findall(r"^prerequisite-patch-id: [0-9a-f]{40}$", body, re.M)
    if bases != [base]:
        problems.append("cover letter: base-commit %s, not %s" % (bases, base))
    if len(pre) != prereqs:
        problems.append("cover letter: %d prerequisite-patch-id lines, not %d" % (len(pre), prereqs))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
