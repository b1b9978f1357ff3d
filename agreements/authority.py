"""Who may send which notice, by which channel, and which side's officers may record it: the
agreement's rules of authority, as one table (docs/lifecycle.md#authority). Pure functions
over plain values; `agreements.actions` applies them.

- domestic procedures completed (entry into force, Art. 12.3): sent by the Government, in
  writing (Art. 11);
- amendment (Art. 12.1): either party, in writing;
- completion: purposes achieved, expiry (Art. 6): DESA only, through diplomatic channels,
  once the agreement is in force, with the Government's agreement recorded;
- termination (Art. 9): either party, through diplomatic channels;
- letter or request (Art. 11): either party, in writing or as an e-mail copy.

Recording: the side that sent a notice records it; its receipt is recorded by the receiving
side, or by the sending side with the evidence of the receipt (an acknowledgement, attached).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

GOVERNMENT, UNITED_NATIONS = "government", "united_nations"
BOTH_SIDES = frozenset({GOVERNMENT, UNITED_NATIONS})
# Art. 11: notices are in writing, delivered personally, by mail, telegram or telex; the
# diplomatic bag is the channel Art. 6 and 9 ask for.
IN_WRITING = frozenset({"hand", "mail", "diplomatic", "telegram", "telex"})
DIPLOMATIC = frozenset({"diplomatic"})

SIDE_NAMES = {GOVERNMENT: gettext_lazy("the Government"),
              UNITED_NATIONS: gettext_lazy("the United Nations (DESA)")}


@dataclass(frozen=True)
class Authority:
    article: str
    senders: frozenset[str]
    channels: frozenset[str]
    only_in_force: bool = False
    mutual_agreement: bool = False


AUTHORITY: dict[str, Authority] = {
    "domestic_procedures": Authority("12.3", frozenset({GOVERNMENT}), IN_WRITING),
    "amendment": Authority("12.1", BOTH_SIDES, IN_WRITING),
    "completion": Authority("6", frozenset({UNITED_NATIONS}), DIPLOMATIC, only_in_force=True,
                            mutual_agreement=True),
    "termination": Authority("9", BOTH_SIDES, DIPLOMATIC),
    "letter": Authority("11", BOTH_SIDES, IN_WRITING | {"email"}),
}

# What a refusal quotes, per kind: who sends it and how.
SENDER_RULES = {
    "domestic_procedures": gettext_lazy(
        "Art. 12.3: the agreement enters into force when DESA receives the Government's "
        "written notice that its domestic procedures are complete; only the Government sends "
        "it."),
    "completion": gettext_lazy(
        "Art. 6: DESA, as mutually agreed by the Parties, notifies the Government through "
        "diplomatic channels that the purposes of the fund have been achieved; only DESA sends "
        "it."),
}
CHANNEL_RULES = {
    "completion": gettext_lazy(
        "Art. 6: DESA notifies the completion through diplomatic channels; a notice delivered "
        "otherwise does not count."),
    "termination": gettext_lazy(
        "Art. 9: a party terminates the agreement by written notice through diplomatic "
        "channels; a notice delivered otherwise does not count."),
}
WRITING_RULE = gettext_lazy(
    "Art. 11: a notice is given in writing, delivered personally, by mail, telegram or telex "
    "(or through diplomatic channels); an e-mail copy does not count for this kind of notice.")


def sending_refusal(*, kind: str, sender_kind: str, delivery: str, government_agreement: str,
                    effective_on: date, in_force_from: date | None) -> str | None:
    """Why this notice could not have been given under the agreement, or None."""
    rule = AUTHORITY[kind]
    if sender_kind not in rule.senders:
        return str(SENDER_RULES[kind])
    if delivery not in rule.channels:
        return str(CHANNEL_RULES.get(kind, WRITING_RULE))
    if rule.only_in_force and (in_force_from is None or effective_on < in_force_from):
        if in_force_from is None:
            return _("Art. 6: DESA notifies completion once the agreement is in force; it has "
                     "not entered into force (Art. 12.3).")
        return _("Art. 6: DESA notifies completion once the agreement is in force; it entered "
                 "into force on %(date)s, after this notice.") % {"date": in_force_from}
    if rule.mutual_agreement and not government_agreement.strip():
        return _("Art. 6: the completion is notified as mutually agreed by the Parties; record "
                 "how the Government agreed (for example the reference of its note).")
    return None


def other_side(side: str) -> str:
    return UNITED_NATIONS if side == GOVERNMENT else GOVERNMENT


def recording_refusal(*, sender_kind: str, recorder_sides: frozenset[str],
                      with_receipt: bool, receipt_evidence: bool) -> str | None:
    """Whether officers of `recorder_sides` may record this notice (or its receipt, with
    `with_receipt`): the sending side records what it sent; the receiving side, or the
    sending side with the evidence of the receipt, records the receipt."""
    receiver = other_side(sender_kind)
    if with_receipt:
        if receiver in recorder_sides:
            return None
        if sender_kind in recorder_sides:
            if receipt_evidence:
                return None
            return _("Art. 11: a notice takes effect when it is delivered; %(sender)s, which "
                     "sent it, records its receipt only with the evidence of it: attach the "
                     "acknowledgement of receipt.") % {"sender": SIDE_NAMES[sender_kind]}
        return _("Only officers of the parties record notices and their receipt.")
    if sender_kind not in recorder_sides:
        return _("Art. 11: the side that sent a notice records it; this one was sent by "
                 "%(sender)s. Your side records a notice when it receives it, with the date "
                 "received.") % {"sender": SIDE_NAMES[sender_kind]}
    return None


def correction_confirmer_refusal(*, sender_kind: str, confirmer_sides: frozenset[str],
                                 receipt_date_only: bool) -> str | None:
    """Who confirms a correction: any officer of the fund for a receipt date; otherwise an
    officer of the side that sent the notice."""
    if not confirmer_sides:
        return _("Only officers of the parties confirm corrections of notices.")
    if receipt_date_only or sender_kind in confirmer_sides:
        return None
    return _("A correction of a notice sent by %(sender)s is confirmed by one of its officers.") \
        % {"sender": SIDE_NAMES[sender_kind]}
