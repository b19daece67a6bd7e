"""The first red-flag test set (232 phrasings, written before the corpus): each labelled red flag or not.

The larger labelled corpus with development and held-out sets is rose/messaging/redflags/corpus/.

Kept separate so the figures in docs/messaging.md can be regenerated:
    .venv/bin/python -m rose.messaging.tests.redflag_cases
"""

from __future__ import annotations

RED_FLAGS: list[tuple[str, str]] = [
    # suicide
    ("suicide", "I feel suicidal"), ("suicide", "feeling really suicidal tonight"), ("suicide", "sucidal again"),
    ("suicide", "im having suicidal thoughts"), ("suicide", "thinking about suicide"),
    ("suicide", "suiside is on my mind"), ("suicide", "I want to kill myself"), ("suicide", "want to kill my self"),
    ("suicide", "gonna kill myself"), ("suicide", "I'm going to end it all"), ("suicide", "I want to end my life"),
    ("suicide", "i just want to die"), ("suicide", "I wanna die"), ("suicide", "wish I was dead"),
    ("suicide", "everyone would be better off without me"), ("suicide", "I'd be better off dead"),
    ("suicide", "I don't want to live anymore"), ("suicide", "dont want to be here any more"),
    ("suicide", "I don't want to wake up tomorrow"), ("suicide", "no point living like this"),
    ("suicide", "life isnt worth it"), ("suicide", "I can't go on"), ("suicide", "cant do this anymore"),
    ("suicide", "I cannot take it any more"), ("suicide", "thinking of hanging myself"),
    ("suicide", "going to jump off the bridge"), ("suicide", "kms"), ("suicide", "I want to take my own life"),
    ("suicide", "SUICIDAL"), ("suicide", "Im suicidle"), ("suicide", "feel like ending it"),
    ("suicide", "no reason to carry on"), ("suicide", "i'm going to kill myself tonight"),
    ("suicide", "Sometimes I think about killing myself"),
    # self-harm
    ("self_harm", "I self harmed last night"), ("self_harm", "been self-harming again"),
    ("self_harm", "selfharm urges are bad"), ("self_harm", "I cut myself"), ("self_harm", "I've been cutting myself"),
    ("self_harm", "I hurt myself on purpose"), ("self_harm", "want to hurt myself"),
    ("self_harm", "I burnt myself with a lighter"), ("self_harm", "thinking of harming myself"),
    ("self_harm", "i keep hurting my self"),
    # overdose
    ("overdose", "I took an overdose"), ("overdose", "I overdosed"), ("overdose", "think i over dosed"),
    ("overdose", "I OD'd last night"), ("overdose", "i took all my tablets"),
    ("overdose", "swallowed the whole packet"),
    ("overdose", "took the whole box of co-codamol"), ("overdose", "I've taken too many pills"),
    ("overdose", "took too many tablets by mistake"), ("overdose", "had loads of pills"),
    ("overdose", "taken all my meds at once"), ("overdose", "i took a whole bottle"),
    ("overdose", "I might overdose"), ("overdose", "overdosing"), ("overdose", "think I've overdosed on morphine"),
    ("overdose", "took lots of tablets"), ("overdose", "I had a full box of tramadol"),
    ("overdose", "OVERDOSE"), ("overdose", "overdoze"),
    # extra doses
    ("extra_doses", "I took an extra dose"), ("extra_doses", "took a double dose this morning"),
    ("extra_doses", "I've had extra tablets today"), ("extra_doses", "took more tablets than I should"),
    ("extra_doses", "doubled up my dose"), ("extra_doses", "I doubled up last night"),
    ("extra_doses", "took another patch on top"), ("extra_doses", "taken more than prescribed"),
    ("extra_doses", "had extra morphine"), ("extra_doses", "I took 2 doses at once"),
    ("extra_doses", "took extra oxycodone because the pain was bad"), ("extra_doses", "had more than my dose"),
    ("extra_doses", "I've been taking extra doses"), ("extra_doses", "took double doses all week"),
    ("extra_doses", "I took more codeine"),
    # breathing
    ("breathing", "I can't breathe properly"), ("breathing", "cant breath"), ("breathing", "struggling to breathe"),
    ("breathing", "trouble breathing since last night"), ("breathing", "my breathing is slow"),
    ("breathing", "short of breath"), ("breathing", "feel breathless"), ("breathing", "out of breath just sitting"),
    ("breathing", "he's not breathing"), ("breathing", "she stopped breathing"), ("breathing", "lips are blue"),
    ("breathing", "difficulty breathing"), ("breathing", "hard to breathe"), ("breathing", "I cannot breathe"),
    ("breathing", "can't get my breath"), ("breathing", "breathing is shallow and weird"),
    ("breathing", "gasping for air"), ("breathing", "shortness of breath"),
    # chest pain
    ("chest_pain", "I have chest pain"), ("chest_pain", "chest pains all morning"), ("chest_pain", "pain in my chest"),
    ("chest_pain", "my chest is tight"), ("chest_pain", "tightness in my chest"), ("chest_pain", "tight chest"),
    ("chest_pain", "think I'm having a heart attack"), ("chest_pain", "crushing pain"),
    ("chest_pain", "chest hurts"), ("chest_pain", "chest feels heavy"), ("chest_pain", "chst pain"),
    ("chest_pain", "No, I have chest pain"),
    # severe withdrawal
    ("severe_withdrawal", "severe withdrawal"), ("severe_withdrawal", "really bad withdrawals"),
    ("severe_withdrawal", "terrible withdrawl symptoms"), ("severe_withdrawal", "withdrawals are unbearable"),
    ("severe_withdrawal", "I'm rattling"), ("severe_withdrawal", "clucking badly"),
    ("severe_withdrawal", "can't stop shaking"), ("severe_withdrawal", "cant stop being sick"),
    ("severe_withdrawal", "cannot stop vomiting"), ("severe_withdrawal", "had a seizure"),
    ("severe_withdrawal", "I had a fit"), ("severe_withdrawal", "I'm hallucinating"),
    ("severe_withdrawal", "seeing things that aren't there"), ("severe_withdrawal", "awful withdrawal since reduction"),
    ("severe_withdrawal", "horrendous withdrawls"), ("severe_withdrawal", "withdrawal is killing me"),
    # collapse
    ("collapse", "I collapsed this morning"), ("collapse", "I passed out"), ("collapse", "keep passing out"),
    ("collapse", "he's unconscious"), ("collapse", "she's unresponsive"), ("collapse", "can't wake him up"),
    ("collapse", "he wont wake up"), ("collapse", "I fainted"), ("collapse", "blacked out in the kitchen"),
    ("collapse", "can't keep my eyes open"),
    # known hard cases (kept in the set so misses are counted honestly)
    ("suicide", "I'm done with everything, goodbye"), ("suicide", "I've written letters to my family"),
    ("overdose", "I took 20 tablets"), ("breathing", "cnt breathe"), ("self_harm", "I did something to my arms again"),
    ("suicide", "I have a plan to end things"), ("overdose", "necked the lot"),
]

NOT_RED_FLAGS: list[str] = [
    "Fine thanks", "7", "pain is 5 today", "YES", "no", "Thanks for the reminder", "See you on Tuesday",
    "Can I change my appointment?", "What time is the group?", "I'm not suicidal, just tired",
    "no chest pain today", "No breathing problems", "I have not taken extra doses", "never overdosed",
    "I didn't take any extra", "not had any withdrawal", "withdrawal has been mild", "doing well on the new dose",
    "feeling a bit low but ok", "my back is sore", "knee pain is a 6", "slept badly", "bit constipated",
    "Can someone call me?", "I need a new prescription", "running out of tablets on Friday", "where is the clinic",
    "my GP says hello", "Is the group still on?", "I'm on holiday next week", "thank you so much",
    "feeling much better", "the reduction is going ok", "I took my dose as planned", "took my tablets on time",
    "had my morning dose", "slight headache", "a bit shaky in the mornings but ok", "sweating a bit at night",
    "feeling sick after the tablets", "my breathing is fine", "breathing ok", "chest infection cleared up",
    "No suicidal thoughts", "not thinking of hurting myself", "I wouldn't hurt myself", "no thoughts of self harm",
    "I have no intention of overdosing", "never had a seizure", "the dog ate my letter", "can I bring my wife",
    "STOP", "HELP", "I will be late", "Are you open at Christmas?", "killing time before the group",
    "that joke killed me", "the pain is killing me", "I'm dying to see the new leaflet", "I could die for a brew",
    "double checked my dose", "my daughter will take me", "the chest of drawers fell on my foot",
    "I'm going to end the call now", "I want to end the plan early", "extra appointment please",
    "more information please",
    "my breath smells", "I took my last tablet of the old strength", "there's no point in me coming if it's cancelled",
    "I can't do Thursday", "can't take the tablets with food", "I cannot take tablets",
    "I got out of breath running for the bus",
    "no fits since I was a kid", "the group was brilliant", "how do I get to the hospital", "I feel ok",
    "5 out of 10", "8/10", "about a 4", "zero pain today", "Yes I did", "No I didn't",
    "can you send me the link again", "my number has changed", "please call after 3", "what's the next step",
    "I feel rough but nothing serious", "bit of withdrawal but manageable", "not rattling at all",
]

# Current known misses and false alarms (reported in docs/messaging.md). The test fails when these
# change, so an improvement or a regression is always noticed and the figures updated.
KNOWN_MISSES: set[str] = set()
KNOWN_FALSE_ALARMS: set[str] = set()


def evaluate() -> tuple[list[tuple[str, str]], list[str]]:
    from rose.messaging.redflags import red_flag_check

    misses = [(rule, text) for rule, text in RED_FLAGS if red_flag_check(text) is None]
    false_alarms = [text for text in NOT_RED_FLAGS if red_flag_check(text) is not None]
    return misses, false_alarms


if __name__ == "__main__":  # pragma: no cover - report for docs/messaging.md
    misses, false_alarms = evaluate()
    total = len(RED_FLAGS) + len(NOT_RED_FLAGS)
    print(f"{len(RED_FLAGS)} red-flag phrasings, {len(NOT_RED_FLAGS)} others, {total} in all")
    print(f"misses: {len(misses)}")
    for rule, text in misses:
        print(f"  - [{rule}] {text}")
    print(f"false alarms: {len(false_alarms)}")
    for text in false_alarms:
        print(f"  - {text}")
