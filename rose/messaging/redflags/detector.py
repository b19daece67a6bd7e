"""Red-flag replies: rules over a normalised text, with negation scope and fuzzy spelling.

How a text is read:
1. `normalise`: lower case, apostrophes dropped ("can't" -> "cant"), text speak and dialect folded
   ("meself" -> "myself", "gonna" -> "going to", "want 2 die" -> "want to die"), letters repeated 3 or
   more times cut to 2, then each word of 5 or more letters that is not a known word is compared
   with the key words (suicidal, overdose, unconscious, breathing, tablets, drug names, ...): one
   typing slip (two for long words) with the same first letter makes it that key word. A letter typed
   for another counts as a slip only when it is a neighbouring key, a vowel for a vowel or a sound-alike
   ("tablwts", "suicudal"); "pausing" is never read as "passing", nor "swelling" as "sweating".
2. Every rule of every category is tried; each match is kept unless it is negated or excused.
   Negated: a negation cue ("no", "not", "never", "havent", "without", ...) stands before the match
   in the same clause, at most 8 words back. A clause ends at punctuation, at "but", "and", "so",
   "though", "because", and where a new clause starts with a subject ("i", "im", "he", "she" ...):
   "im not ok i want to die" is a red flag. Pseudo-negations ("not sure if", "dont know", "didnt
   mean to") never negate. A rule that holds its own negation ("not breathing", "cant keep anything
   down") is not negated by itself.
   Excused: a few rules carry the everyday context that makes them benign in the same clause
   (cut "shaving" or "chopping onions", out of breath "on the stairs", "gave me a heart attack", chest
   tight "from my cold"), unless the clause also holds a warning sign (sweating, arm or jaw pain, blue
   lips). A bottle, box or packet "of wine", "of biscuits" and "overdosed on chocolate" are not medicines.
   Word classes cover relatives as well as the patient ("kill himself", "cut her arms", "partner's been
   taking my tramadol").
   History: self-harm or a seizure in the past with a plain statement that it is over ("used to self harm
   years ago but I'm fine now", "a seizure as a kid, none since") is not a red flag unless the text says it
   has come back ("again", "started", "last night", "the urges are back").
   An overdose or chest pain with the past named right after it and a plain "it is over" ("od'd years ago so
   I'm careful", "chest pain last month, ECG normal") drops that match only; a question about something the
   writer has not done ("is that true? haven't done it") and "took the right dose" are not extra doses.
   Counted: a few rules compare their numbers after matching ("4 doses in 2 hours": more often than every
   two hours; "40ml instead of 10"; "5 doses since this morning"), see _COUNTED.
3. The answer lists every category matched (in the order they appear) and the words matched.

Speed: a slow rule may start with "(?#needs:word|word)", a regex comment naming the words every match
holds, and rules that start with an intake verb share one gate; a rule is tried only on a text holding
its gate (tests check no match is skipped).

Figures on the labelled corpus (development and sixteen held-out sets; the first figures of each new
set are recorded in evaluate.FIRST_MEASURED) and on the spot checks (evaluate.SPOT_CHECKS, first scores,
and SPOT_CHECKS_NOW) are in docs/messaging.md and bench/bench_redflags.py; the hazard log (H-MSG-01)
lists the controls for the remaining misses.
Add a phrase: add it to the corpus generator or the hand-written texts (dev families only), write or
widen a rule here, run the benchmark, and update the figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

CATEGORY_LABELS = {
    "overdose": "possible overdose", "extra_doses": "extra doses", "breathing": "breathing problem",
    "unresponsive": "drowsy, collapsed or not responding", "self_harm": "self-harm", "suicide": "suicidal thoughts",
    "chest_pain": "chest pain", "vomiting": "vomiting, cannot keep fluids down",
    "severe_withdrawal": "severe withdrawal or seizure", "allergic_reaction": "allergic reaction",
    "head_injury": "fall with a head injury",
}

# --- vocabulary ------------------------------------------------------------------------------------
DRUGS = (r"co ?codamol|co ?dydramol|codydramol|"
         r"codeine|dihydrocodeine|df118s?|tramadol|zamadol|morphine|oramorph|zomorph|mst|sevredol|"
         r"oxycodone|oxycontin|oxynorm|oxy|longtec|shortec|fentanyl|tapentadol|palexia|buprenorphine|butrans|"
         r"pregabalin|lyrica|gabapentin|diazepam|valium|paracetamol|ibuprofen|naproxen|amitriptyline|"
         r"zopiclone|methadone|zapain|solpadol|tylex|sertraline|citalopram|mirtazapine|nefopam|"
         # short and street names: "dihydro", "trammies", "gabbies", "oxys", "vallies", "zoppies", "cocos"
         r"dihydro|dhc|tramm?(?:ies|ys|ie)|gabb?(?:ies|ys|ie)|pregabs?|oxys|oxies|vall?(?:ies|ys)|"
         r"zopp?(?:ies|ys)|cocos|morph|co ?cods?|quetiapine|propranolol|fluoxetine|duloxetine|venlafaxine|"
         r"promethazine|oxazepam|lorazepam|temazepam|nytol|nortriptyline|dosulepin|trazodone|olanzapine|"
         r"risperidone|aripiprazole|lithium|clonazepam|alprazolam|xanax|chlordiazepoxide|nitrazepam|zolpidem|"
         r"hydromorphone|hydrocodone|pethidine|meptazinol|paroxetine|escitalopram|tramacet|co ?proxamol|"
         r"antidepressants?|anti depressants?|benzos|opioids|opiates|sleeping pills|insulin|warfarin|digoxin")
TAB = (rf"(?:tablets?|tabs?|pills?|meds|medication|medicines?|capsules?|caps|painkillers?|pain killers|"
       rf"sleeping tablets|\d+ ?500s?|{DRUGS})")
LIQUID = r"(?:oramorph|oxynorm|morphine|liquid|syrup|linctus|bottle)"
PATCH = r"(?:patch|patches|butrans|fentanyl|matrifen|durogesic|transtec)"
NUM_WORDS_BIG = (r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
                 r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a dozen|dozen|a couple of dozen")
BIG = (rf"(?:(?:about|around|over|like|at least|nearly|maybe|roughly|approx) )?(?:[1-9]\d+|{NUM_WORDS_BIG})"
       r"(?: odd| or so|ish| or \d+| to \d+| \d+)?")
SMALL2 = r"(?:[2-9]|two|three|four|five|six|several|multiple|a few|a couple of|extra)"
INTAKE = (r"(?:took|tuk|taken|tooken|takin|had|swallowed|swallow|necked|downed|popped|ate|eaten|drank|drunk|"
          r"chewed|sucked|used|used up|consumed|mixed|been taking|been having|taking|gone through|"
          r"got through|went through|been through|going through|polished off|put away|knocked back|scoffed|"
          r"emptied|finished off|necking|downing|popping|swallowing|chewing|knocking back)")
UNITS = r"minutes|mins|hours|hrs|years|yrs|days|weeks|seconds|secs|mg|ml|mcg|miles|steps|quid|pounds|percent"
NOT_COUNTED = rf"(?!(?:{UNITS})\b)"
PERSON = (r"(?:(?:my|our|the|me) )?(?:son|daughter|boy|girl|lad|toddler|baby|grandson|granddaughter|kids?|child|"
          r"children|husband|wife|partner|brother|sister|mum|mam|dad|mother|father|boyfriend|girlfriend|flatmate|"
          r"fella|missus|other half|nephew|niece|teenager|youngest|eldest|nan|nana|grandad|grandma|grandpa|"
          r"little one|\d+ ?(?:year|yr|month|mth)s? old|infant)s?")  # "partner's been" reads "partners been"
CHILD = (r"(?:(?:my|our|the|me) )?(?:son|daughter|little boy|little girl|lad|toddler|baby|grandson|granddaughter|"
         r"grandkids?|grandchild|grandchildren|"
         r"kids?|child|children|nephew|niece|youngest|little one|\d+ ?(?:year|yr|month|mth)s? old|infant)s?")
W = r"(?:\w+ )"  # one filler word
WNB = r"(?:(?!but |though |although )\w+ )"  # one filler word, never a "but" turning the sentence
WNT = r"(?:(?!at |by |before |after |till |until |from |past |since )\w+ )"  # never "at 10" (a time) as a count
# Whose body or life: the patient's, or a relative's ("kill himself", "cut her arms").
REFL = r"(?:myself|himself|herself|themselves|themself)"
POSS = r"(?:my|his|her|their)"
BODY = (r"(?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|belly|tummy|body|hand|hands|fingers?|knuckles|"
        r"fists?|feet|foot|ankles?|face|head|chest|hips?|neck|forearms?|shins?)")
# Things people hurt themselves with ("a compass point on my skin", "stubbed my ciggies out on my arm").
TOOL = (r"(?:razor|razors|blade|blades|knife|knives|lighter|cigarettes?|ciggies|ciggy|cigs?|fags?|scissors|glass|"
        r"compass|needles?|pins?|sharpener|matches|iron|straighteners|boiling water|kettle|bleach|lighter fluid)")
# How people say they think of dying: the lead-in, the act, and what they would hit, fall from or go under.
MEANS_LEAD = (r"(?:thinking (?:of|about)|thought (?:of|about)|think about|want to|wanted to|going to|tempted to|"
              r"temptation to|imagin\w*|picture|picturing|urges? to|could just|might just|plan to|planning to|"
              r"planned to|wish i could|feel like|felt like|about to|ready to|keep wanting to|consider\w*|tried to|"
              r"try to|trying to|decided to|id|i would|ill|i will|nearly did|close to|the guts)")
DRIVE = r"(?:drive|driving|drove|crash|crashing|swerve|swerving|steer|steering|plough|ploughing|put my car|put the car)"
ON_FOOT = (r"(?:walk|walking|step|stepping|jump|jumping|throw myself|throwing myself|run|running|lie|lying|"
           r"launch myself|fling myself|lay down|lie down)")
VEHICLE = r"(?:lorry|lorries|truck|trucks|bus|buses|train|trains|traffic|oncoming traffic|tube|tram|car|cars|van)"
WATER = r"(?:river|sea|canal|reservoir|lake|water|dock|docks|harbour|quarry)"
HEIGHT = (r"(?:bridge|platform|cliff|cliffs|building|roof|car park|multi storey|balcony|window|ledge|edge|viaduct|"
          r"flyover|overpass|pier|tower block|top floor)")
HIT = r"(?:wall|walls|tree|trees|barrier|pillar|lamp post|bridge)"
# Words between the intention and the means, never across "but", "and", "then", "to", "if" ("I'd drive into town
# but the bus is easier"), and no fun in the water ("walk into the sea on holiday if it's warm").
WM = r"(?:(?!but |and |then |to |at |if |when |so )\w+ )"
NOT_LEISURE = r"(?!.*\b(?:swim\w*|paddl\w*|holiday|beach|warm|dip|wetsuit|surf\w*|pool|fishing|boat|canoe\w*)\b)"
# Colours of poor oxygen, with the "-ish"/"-y" forms people write ("bluey", "greyish").
COLOUR = r"(?:blue|bluey|blueish|bluish|grey|greyish|greyey|gray|grayish|purple|purply|purpley|purplish|ashen|dusky)"
# What a container held when it was not a medicine: "a bottle of wine", "a box of tissues".
NOT_MEDICINE = (r"wine|beer|lager|cider|vodka|gin|whisky|whiskey|rum|prosecco|champagne|fizz|booze|water|milk|juice|"
                r"pop|coke|cola|squash|tea|coffee|biscuits|crisps|chocolates?|sweets|cake|cereal|tissues|wipes|"
                r"plasters|cans|pints|red|white|rose|bubbly|sparkling|plonk|lucozade|lemonade|irn bru|vimto|ribena|"
                r"fanta|sprite|pepsi|tango|smoothie|buckfast|bucky|wkd|stella|guinness|carling|baileys|sherry|port|"
                r"brandy|tequila|ale|stout|shandy|energy drinks?|monster|red bull|soup|pringles|haribo|"
                r"doughnuts|cookies|chips|nuts|grapes|wine gums|jelly babies|shampoo|conditioner|shower gel|"
                r"bubble bath|perfume|sauce|ketchup|vinegar|gaviscon|rennies?|peptac|lactulose|milk of magnesia|"
                r"eggs|easter eggs|sugar|caffeine|carbs|pizza|food|cheese|mince pies|turkey|sunshine|telly|netflix|"
                r"christmas|quality street|roses|celebrations|selection box|cheesecake|ice cream|mince")
# " of wine", " of cheap cider": at most one word between, never a medicine word.
OF_NOT_MEDICINE = rf" (?:of|on) (?:(?!{TAB}\b|{LIQUID}\b)\w+ )?(?:{NOT_MEDICINE})\b"


def near(a: str, b: str, within: int = 5, ordered: bool = False) -> str:
    """`a` and `b` at most `within` words apart (either order unless `ordered`), words whole."""
    gap = rf"(?:\W+\w+){{0,{within}}}?\W+"
    forward = rf"\b(?:{a})\b{gap}(?:{b})\b"
    return forward if ordered else rf"{forward}|\b(?:{b})\b{gap}(?:{a})\b"


# Suicide named as a topic, not a thought: "the suicide awareness poster".
_SUICIDE_TOPIC = (r"\b(?! (?:awareness|posters?|squad|statistics|stats|rates?|training|course|charity|documentary|"
                  r"module))")

CONTAINER = (r"(?:bottles?|box|boxes|strips?|packets?|blisters?|blister packs?|packs?|dosette|supply|tub|sheets?)"
             rf"(?!{OF_NOT_MEDICINE})(?! (?:to|back|into|out|down) (?:the|my|a)\b)")

RULES: dict[str, list[str]] = {
    "overdose": [
        near(CONTAINER, r"took|taken|swallowed|drank|drunk|downed|necked|had|gone through|finished off|emptied|popped",
             8),
        rf"\b{INTAKE} {W}{{0,3}}(?:what was left|what i had left|every last|whole supply|entire supply|"
        r"all that was left|the rest(?! of (?:the|my|his|her) (?:day|week|morning|afternoon|evening|night|time|"
        r"holiday|weekend))|everything|the entire|an entire)\b",
        rf"\b{INTAKE} {WNT}{{0,2}}{BIG}(?: {NOT_COUNTED}\w+)? (?:and|then)\b",
        rf"\b(?:{PERSON}|he|she|they) {W}{{0,3}}?(?:raided|raiding|got into|been into|been in|"
        rf"help(?:ed|ing|s)? (?:him|her|them)(?:self|selves) to|stealing|nicking|pinching|nicked|stolen|stole|"
        rf"pinched|finished) "
        rf"{W}{{0,2}}?(?:my|mine|the) {W}{{0,2}}?(?:{TAB}|{PATCH}|{LIQUID})",
        rf"\b(?:second|another|extra|more|third) {W}{{0,1}}?(?:{PATCH})(?:es)? (?:on|as well|on top|too)\b",
        rf"\b(?:put|stuck|applied|got|wearing) (?:on )?(?:a |an )?(?:second|another|extra|third) {W}{{0,1}}?{PATCH}",
        r"\bover ?dos\w*", r"\boverdoze\w*", r"\bod\b(?! team)", r"\boded\b", r"\bods\b",
        rf"\b{INTAKE} {W}{{0,3}}(?:too|to|way too|far too|so|that) (?:many|much)\b",
        rf"\b(?:too|way too|far too) many {W}?{TAB}",
        rf"\b{INTAKE} {W}{{0,2}}(?:all|every(?! (?:day|week|morning|night|time|evening|dose))|the whole|whole|a whole|"
        r"the rest|most|half(?! (?:a|an) (?:tablet|pill|dose|capsule|patch|one|teaspoon|spoon|ml|sachet))|the lot|"
        r"everything)"
        rf"(?: of)?(?: my| the| them| those| these| a| his| her| their| your)? ?{W}{{0,3}}?"
        rf"(?:{TAB}|{LIQUID}|{PATCH}|them|it|the lot|lot|"
        r"box|boxes|packet|packets|strip|strips|prescription|supply|pack|bottle|dosette)\b",
        rf"\b{INTAKE} {WNT}{{0,2}}{BIG} {W}{{0,3}}?{TAB}",
        rf"\b(?:take|taking) (?:\w+ )?{BIG} (?:\w+ )?{TAB}(?:\W+\w+){{0,6}}?\W+(?:thats|which is) what (?:ive|i|hes|"
        rf"shes|he|"
        r"she) (?:done|did|took|taken|had)\b",
        rf"\b{INTAKE} {WNT}{{0,2}}{BIG} (?:of (?:my|the|them|those|these)|at once|in one go|together)",
        rf"\b{INTAKE} (?:\w+ )?(?:[5-9]|five|six|seven|eight|nine) of (?:my|the|his|her|their|mums?|dads?) "
        rf"(?:\w+ ){{0,2}}?(?:{DRUGS}|painkillers|sleeping tablets)\b(?!(?: \w+)? (?:today|a day|per day|over|across|"
        r"throughout|since|this week|yesterday|each|every|spread))",
        r"\b(?:chewed|chewing|crushed|crushing|snorted|snorting|injected|injecting|bit|biting|broke|broken) (?:up )?"
        r"(?:my |his |her |the |a |an |some )?(?:\w+ )?(?:oxycontin|mst|zomorph|longtec|slow release|modified release|"
        r"sr|mr|xl|continus|tapentadol sr|palexia sr)\b",
        rf"\b(?:snorted|snorting|injected|injecting|shot up) (?:\w+ ){{0,2}}?(?:{TAB}|{PATCH}|{LIQUID})",
        r"\binstead of swallowing (?:it|them|one|the \w+) whole\b",
        rf"(?#needs:missing|gone)\b(?:{TAB}|{LIQUID}|{PATCH}|counted|count)\b(?:\W+\w+){{0,8}}?\W+"
        r"(?:{BIG}|[5-9]|five|six|seven|eight|nine) "
        r"(?:\w+ )?(?:missing|gone)\b(?! (?:from|since) (?:the|my) (?:order|delivery|prescription))",
        rf"\b(?:{BIG}|[5-9]|five|six|seven|eight|nine) (?:of (?:my|the|his|her) )?{TAB} (?:are |have )?(?:missing|"
        rf"gone)\b"
        r"(?! (?:from|since) (?:the|my) (?:order|delivery|prescription))",
        rf"\b(?:{PERSON}|he|she|they|hes|shes) (?:\w+ ){{0,3}}?been (?:at|into|in) (?:the|my|his|her|their|mums?|"
        rf"dads?) "
        rf"(?:\w+ )?(?:{TAB}|{PATCH}|{LIQUID})\b(?! (?:cupboard|drawer|cabinet|box|tin|bag|shelf))",
        r"\b(?:ill|i will|i might|might|may|could just|im going to|going to|tempted to) (?:just )?(?:take|swallow|"
        r"neck) "
        r"(?:the lot|them all|all of them|the whole (?:lot|box|bottle|packet)|every (?:last )?one|everything)\b",
        rf"\b{INTAKE} {W}{{0,2}}(?:[5-9]|five|six|seven|eight|nine) {W}{{0,3}}?(?:at once|in one go|together|"
        r"in (?:about |under |less than |just )?(?:an?|one|two|half an|\d+) (?:hours?|hrs?|mins?|minutes))\b",
        rf"\b{INTAKE} {W}{{0,3}}(?:\w+ )?(?:days?|weeks?|fortnights?|months?) ?worth",
        r"\b(?:days?|weeks?|fortnights?|months?) ?worth\b(?: \w+){0,4} (?:in one go|at once|all at once)",
        rf"\b{INTAKE} (?:a |\d+ |two |three |four |all |the )?(?:my )?(?:whole |entire |full )?"
        rf"(?:days?|weeks?|fortnights?|months?)s? (?:of )?(?:my |his |her |their )?(?:{TAB}|supply)",
        r"\b(?:taking|took|take|takes|taken|had|having|swallowing|popping) (?:\w+ ){0,3}(?:over and over|"
        r"again and again|"
        r"repeatedly|time after time|one after another)\b",
        r"\bevery (?:\w+ ){0,2}?(?:day|hour|hours|night|morning) instead of (?:every|once a) (?:\w+ )?(?:week|weeks|"
        r"days|fortnight|month|72 hours)\b",
        rf"\b(?:new|changing|change|changed|putting on|put on|sticking on|stuck on) (?:a |my |the |his |her )?(?:new )?"
        rf"{PATCH} (?:\w+ )?every (?:day|night|morning|evening)\b",
        rf"\b{INTAKE} {W}{{0,4}}(?:(?:strips?|blisters?|blister ?packs?|packets?|box|boxes|bottles?|dosette|sheets?)"
        rf"(?!{OF_NOT_MEDICINE})(?! (?:to|back|into|out|down) (?:the|my|a)\b)|the lot|whole lot|everything in)\b",
        r"\b(?:emptied|finished|drank|drunk) (?:\w+ ){0,2}(?:whole |full |entire )?(?:box|packet|bottle|dosette|strip)"
        rf"(?!{OF_NOT_MEDICINE})",
        rf"\b{INTAKE} {W}{{0,3}}(?:loads|lots|a load|a lot|shed ?loads?|tons|a ton|a tonne|masses|"
        r"a (?:big |huge |massive |whole |large )?(?:handful|fistful|bunch)|handfuls|"
        r"a (?:stupid|silly|huge|massive|crazy|mad|ridiculous|daft|big|large|dangerous) (?:amount|number|dose|lot)|"
        rf"a pile) (?:of )?(?:my |the |them|those|his |her |their |your )?{W}{{0,2}}?(?:{TAB}|them)",
        rf"\b{INTAKE} (?:\w+ ){{0,6}}(?:all at once|in one go|all together|in one hit)",
        rf"\b{INTAKE} (?:them|it|those) all\b", r"\bnecked\b",
        r"\bfound (?:\w+ ){0,5}empty\b(?!.*\b(?:old|recycling|from last|last months?|to throw)\b)",
        r"\bempty (?:\w+ ){0,2}(?:boxes|bottles|packets|strips|blister packs)\b",
        r"\bmixed\b(?: \w+){0,6}\W+(?:loads|lots|a lot|too many|all|handfuls)\b",
        # someone else took the patient's medicines
        rf"\b{CHILD} {WNB}{{0,5}}?(?:eaten|ate|swallowed|took|taken|drank|drunk|chewed|sucked|got into|got hold of|"
        rf"been at|had|found|licked|put) {WNB}{{0,4}}?(?:{TAB}|{PATCH}|{LIQUID})\b(?! (?:box|boxes|packet|packets|"
        r"wrapper|wrappers|bag|tin|in the bin|cupboard|drawer|cabinet))",
        rf"\b{CHILD} {WNB}{{0,8}}?(?:{TAB}|{PATCH}|{LIQUID})\b(?:\W+\w+){{0,4}}?\W+(?:ate|eaten|drank|drunk|swallowed|"
        r"chewed|chewing|sucked|sucking|licked|had|taken|took) (?:it|them|some|one|a few|a bit|a load|loads|all)\b",
        rf"\bfound {CHILD} (?:\w+ ){{0,3}}(?:with|eating|holding|chewing) (?:\w+ ){{0,3}}(?:{TAB}|{PATCH}|{LIQUID})",
        rf"\b(?:{PERSON}|he|she|they) {W}{{0,5}}?(?:eaten|ate|swallowed|took|taken|drank|drunk|chewed|sucked|"
        rf"been taking|been at|taking|had|has had|{INTAKE}|necking|popping|downing|swallowing|chewing|eating) "
        rf"{W}{{0,3}}?(?:my|mine|some of my|all of my|one of my|"
        rf"loads of my|a load of my) {W}{{0,2}}?(?:{TAB}|{PATCH}|{LIQUID})",
        rf"\b(?:loads|lots|half|most) (?:of )?(?:my |the )?{W}{{0,1}}?{TAB}? ?(?:have |has |are )?gone\b",
        # patches
        rf"\b(?:put|stuck|applied|slapped|wearing|wore|using|used|got|have|has|had|with|"
        rf"(?<!still )(?<!currently )(?<!down to )(?<!only )(?<!been )on) (?:on )?{W}{{0,1}}?"
        rf"{SMALL2} {W}{{0,2}}?{PATCH}\w*\b(?! (?:left|spare|remaining|in the|at home|to go))",
        rf"\b{SMALL2} {W}{{0,2}}?{PATCH}(?:es)? (?:on|at once|together|at the same time)\b",
        rf"\b{PATCH}\w*\b(?:\W+\w+){{0,10}}?\W+(?:got|have|has|with|wearing|now) {SMALL2} (?:\w+ )?on\b",
        rf"\b{PATCH}\w*\b(?:\W+\w+){{0,8}}?\W+(?:left|kept|leaving|keeping|still got|still have) "
        r"(?:the |my |his |her )?(?:old|other|last|previous|both|\d|two|three|four)\b(?: \w+)?(?: ones?| patch\w*)?"
        r" on\b",
        rf"\b(?:put|stuck|applied|slapped|wearing) (?:on )?(?:all|every|the rest of) {W}{{0,3}}?{PATCH}",
        rf"\b(?:chewed|chewing|sucked|sucking|ate|eaten|eating|licked|swallowed|cut up|cutting up|boiled) "
        rf"{W}{{0,5}}?{PATCH}",
        rf"\b{PATCH} (?:\w+ ){{0,3}}(?:in (?:his|her|their|my) mouth|and ate)",
        r"\b(?:forgot|forgotten|didnt|without|never|not) (?:to )?(?:take|taken|took|taking|remove|removing|removed|"
        r"peel|peeling|peeled) (?:the |my |his |her |their )?(?:old|other|last|previous)\b(?:(?:\W+\w+){0,3}?\W+off\b"
        r"|(?: \w+)? (?:one|ones|patch|patches)\b)",
        # plans and threats
        rf"\b(?:going to|want to|planning to|plan to|thinking about|thinking of|will|about to|ready to) "
        rf"(?:take|taking|swallow|swallowing) {W}{{0,1}}(?:all|every|the whole|the lot|an overdose|too many|"
        rf"{BIG})(?: |$)",
    ],
    "extra_doses": [
        rf"\b{INTAKE} {W}{{0,2}}(?:an? )?(?:extra|double|doubled|additional|another|second|more|twice) {W}{{0,2}}?"
        rf"(?:dose|doses|{TAB}|{PATCH}|ones?|lot|helping|by mistake)",
        rf"\b(?:{INTAKE}|take|takes) (?:\w+ ){{0,2}}(?:an? )?extra (?:\d|two|one|couple)",
        r"\b(?:taking|took|taken|having|had|on|been on) (?:double|twice|triple|treble|three times|3 times) "
        r"(?:what|the amount|the dose|as much|my dose)\b",
        r"\b(?:morning|evening|night|lunchtime|afternoon|bedtime|teatime|day|nighttime)s? (?:and|&|with) (?:my |the )?"
        r"(?:morning|evening|night|lunchtime|afternoon|bedtime|teatime|nighttime)\b(?:\W+\w+){0,3}?\W+"
        r"(?:together|at once|at the same time|in one go)\b",
        r"\b(?:[2-9]|two|three|four|both) (?:\w+ )?doses (?:at once|together|in one go|at the same time|"
        r"by (?:accident|mistake)|accidentally)\b",
        r"\b(?:[2-9]|two|three|four|five) (?:\w+ )?doses (?:\w+ ){0,3}(?:in (?:an|one|half an|the last|the same) hour|"
        r"in a row|back to back|close together|within)\b",
        r"\bdoubled? ?up\b(?! (?:with|in) (?:\w+ )?(?:laughter|laughing|pain|agony|cramps?)| laughing)",
        r"\b(?:way|well|far|a lot|loads) over (?:my|the) (?:\w+ )?(?:dose|limit|prescription|amount)\b",
        r"\b(?:triple|tripled|treble|trebled|quadruple|quadrupled|(?:3|4|5|three|four|five) ?(?:x|times)) "
        r"(?:my |the )?(?:\w+ )?dose\b",
        rf"\boverd(?:one|id|oing|o) it (?:\w+ )?(?:on|with) (?:the |my )?{W}?(?:{TAB}|{PATCH}|{LIQUID})",
        r"\bdoubled (?:my |the )?(?:\w+ )?dose",
        rf"\b{INTAKE} (?:\w+ ){{0,3}}twice\b(?! (?:a|per|daily|each|every|weekly))",
        rf"\b{INTAKE} (?:\w+ ){{0,3}}(?:[2-9]|two|three|four|five) times\b(?! (?:a|per|daily|each|every|weekly|today))",
        rf"\b{INTAKE}\b(?:\W+\w+){{0,8}}?\W+(?:as well|again|too|twice)\b(?:\W+\w+){{0,3}}?\W+"
        r"(?:by mistake|by accident|accidentally)\b",
        rf"\b(?:by mistake|by accident|accidentally) {INTAKE}\b(?:\W+\w+){{0,8}}?\W+(?:as well|again|too|twice)\b",
        r"\bdouble (?:my |the |a )?dose", r"\bdose twice\b", r"\btwice (?:the|my) dose",
        rf"\b{INTAKE} (?:it|my dose|my \w+ dose|my \w+|them|my tablets|the dose|\w+s dose)"
        r" (?:twice|again)\b(?! (?:a|per|daily|each|every))",
        r"\bmore than (?:i should|i was meant|prescribed|my dose|the dose|i was told|im meant|im supposed|"
        r"im allowed|allowed|the plan|it says|the maximum|the max|the label|i should have)",
        r"\bmore than (?:the |my )?(?:(?:prescribed|recommended|stated|safe|maximum|max) (?:\w+ )?"
        r"(?:dose|doses|amount|limit)|(?:usual|normal|daily) (?:\w+ )?(?:dose|doses))\b",
        rf"(?#needs:doubled)(?:^|\bi |\bive |\bi have |\bjust |\baccidentally |\bmistakenly |\bstupidly )doubled "
        r"(?:up on )?"
        rf"(?:my|the|me) (?:\w+ )?(?:{DRUGS}|{TAB}|{PATCH}|{LIQUID}|dose|doses)\b",
        rf"\b(?:extra|double) (?:doses?|{TAB}|{PATCH})",
        r"\b(?:took|had|taken) (?:\w+ )?double\b",
        r"<INSTEAD>", r"<DOSES_IN_TIME>", r"<DOSES_SINCE>", r"<AGAIN_AT>",
        # taken more often than any opioid is given: "every hour since lunch", "every 20 mins", "hourly all night"
        rf"(?#needs:every|hourly|half hourly)\b(?:{INTAKE}|having|on|using|keep taking|keeps taking|been on)\b"
        rf"(?:\W+\w+){{0,5}}?\W+(?:{TAB}|{LIQUID}|"
        rf"{PATCH}|doses?|one|some|them|it)\b(?:\W+\w+){{0,4}}?\W+(?:every (?:half (?:an )?hour|hour|"
        r"(?:\d+|ten|fifteen|twenty|thirty|forty|few|couple of) ?(?:mins?|minutes)|(?:1|2|one|two|an|couple of|couple) "
        r"(?:hours?|hrs?)|hour or (?:so|two))|(?:half )?hourly)\b(?! (?:if|as|when) (?:needed|required|i need))",
        rf"\b{INTAKE} (?:\w+ ){{0,4}}like (?:sweets|smarties|tic tacs|candy)\b",
        # raising their own dose, or topping it up from somewhere else
        rf"\b(?:upping|upped|increasing|increased|raising|raised|putting up|put up|bumping up|bumped up|doubling) "
        rf"(?:my |the |his |her |their )?(?:\w+ ){{0,2}}?(?:{DRUGS}|{TAB}|{LIQUID}|{PATCH}|dose|doses)\b"
        r"(?: \w+){0,2} (?:myself|himself|herself|themselves|on my own|on (?:his|her) own|"
        r"without (?:asking|telling))\b",
        rf"(?#needs:own|prescribed|usual|normal|morning|evening|night|lunchtime|bedtime|regular)\b(?:{DRUGS}|{TAB}|"
        rf"{LIQUID}|{PATCH}|them|ones?)\b(?:\W+\w+){{0,6}}?\W+"
        r"(?:as well as|on top of|with|alongside|"
        rf"plus|and) (?:my|his|her|their) (?:own|prescribed|usual|normal|morning|evening|night|nighttime|lunchtime|"
        rf"bedtime|regular)(?: (?:ones?|{TAB}|{LIQUID}|{PATCH}|{DRUGS}|"
        r"doses?|supply|prescription))?(?=\W*$|[.,;!?]|\W+(?:and|but|so|cos|because|now|too|as|every|each|at|for|since|"
        r"which|that|all|by|accidentally|x+)\b)",
        rf"\b(?:getting|got|gets|buying|bought|buys|taking|took|nicking|borrowing|borrowed) "
        rf"(?:\w+ ){{0,2}}?(?:{DRUGS}|{TAB}|{LIQUID}|{PATCH})\b(?: \w+)? (?:off|from) (?:(?:his|her|my|a|their) "
        r"(?:brother|sister|mate|mates|friend|friends|wife|husband|partner|mum|mam|dad|neighbour|cousin|son|daughter|"
        r"nan|fella|missus|pal)|the (?:internet|street|dark web)|a dealer|online)\b",
        rf"\btopped up (?:my|his|her|the) (?:\w+ )?(?:{DRUGS}|{TAB}|{LIQUID}|{PATCH}|dose)",
        rf"\b(?:topping|topped|top) (?:\w+ )?up (?:\w+ ){{0,2}}?with (?:\w+ ){{0,3}}?(?:{TAB}|{LIQUID}|{PATCH})",
        # running out early: a supply finished long before it should have been
        r"\bran out (?:\w+ ){0,4}(?:\d+|a|two|three|four|five|six|ten|few|couple of) (?:days?|weeks?) early\b",
        r"\b(?:(?:getting|got|gone|going|went|get|go) through|finished|emptied|used up|run out|ran out)\b"
        r"(?:\W+\w+){0,10}?\W+(?:meant|supposed|should|ought) to (?:have )?last(?:ed)?\b",
        r"\b(?:double|triple|treble)\W+(?:sometimes|or|even|maybe|and) (?:triple|treble|quadruple|more)\b",
        rf"(?#needs:doubling)(?:^|\bi |\bive |\bi have |\bjust |\bbeen |\bim |\bkeep |\bhes been |\bshes been )"
        r"doubling (?:up on )?"
        rf"(?:my|the|me|his|her) (?:\w+ )?(?:{DRUGS}|{TAB}|{PATCH}|{LIQUID}|dose|doses)\b",
        r"\bagain at \d+\w*(?: \w+)? and (?:again|then) at\b",
        r"\b(?:2nd|second|3rd|third|4th|fourth|5th|fifth) (?:box|bottle|packet|pack|lot|supply|prescription|strip)\b"
        rf"(?!{OF_NOT_MEDICINE})(?:\W+\w+){{0,3}}?\W+(?:this|in a|in the|in one|already this) (?:week|month|"
        rf"fortnight)\b",
        r"\b(?:take|took|taken|taking|had|have|having) (?:them|it|my \w+|the \w+|another|more|some more) (?:again )?"
        r"(?:to be safe|just in case|in case)\b",
    ],
    "breathing": [
        r"\bbreath\w* (?:\w+ ){0,3}(?:bad|awful|terrible|horrible|struggl\w*|laboured|weird|funny|strange|slow|"
        r"shallow|irregular|rattl\w*|gurgl\w*|noisy|times a minute|few times a minute|hardly|barely|slowly|"
        r"(?:[2-8]|two|three|four|five|six|seven|eight) (?:a|per) minute)\b",
        r"\b(?:isnt|not|hardly|barely|struggling|cant) (?:\w+ )?breath\w* (?:properly|right|normally|at all)\b",
        r"\b(?:cant|struggling to|struggle to|struggling with|struggling with my|trouble with|trouble|difficulty|"
        r"difficult to|hard to|problems?|"
        r"finding it hard to|hardly|barely|unable to|fighting to|battling to|not able to) ?"
        r"(?:breath|breathe|breathing|breaths|catch (?:my|his|her) breath|get (?:my |his |her )?breath|"
        r"get (?:enough )?air)\b",
        r"\bbreath(?:ing|s)? (?:\w+ ){0,2}(?:slow|slower|shallow|weird|funny|strange|noisy|rattly|rattling|"
        r"gurgling|irregular|laboured|labored|erratic|stopping|stopped|far apart|difficult|raspy|struggling)",
        r"\b(?:slow|shallow|noisy|laboured|rattly|gurgly) (?:breathing|breaths|breath)\b",
        r"\b(?:short|shortness) of breath\b", r"\bbreathless\w*", r"\bout of breath\b",
        r"\b(?:stopped|stops|stopping|stop|not|isnt|wasnt|forgetting to|forgets to|forgot to) breath\w*",
        r"\bgasping (?:for (?:air|breath)|and|like|badly|since|all|constantly|non ?stop|now)\b", r"\bgasping$",
        r"\b(?:wheezing|wheezy|rattling|choking) and gasping\b",
        r"\b(?:puffer|inhaler|inhalers|blue inhaler|nebuliser|nebulizer|ventolin|salbutamol|pump) (?:\w+ ){0,2}"
        r"(?:not|isnt|aint|no longer|doesnt|didnt|wont) (?:\w+ )?(?:helping|working|touching|help|work)\b"
        r"(?! (?:my|the|with) (?:cough|cold|hay ?fever|nose|sinuses)| (?:as )?much)", r"\bwheezing badly\b",
        r"\b(?:lips|face|skin|fingers|fingertips|mouth|he|she|hes|shes|hes gone|shes gone) (?:\w+ ){0,3}"
        rf"{COLOUR}\b",
        rf"\b{COLOUR} (?:\w+ ){{0,2}}(?:lips|mouth)\b",
        r"\b(?:gone|going|turned|turning|looks|look|looking|went) (?:a |all |really |very |funny |bit |a bit )*"
        rf"{COLOUR}\b",
        r"\bbreath\w* (?:\w+ ){0,3}(?:paus\w*|gaps?|keeps stopping|stops and starts)\b",
        r"\bbreath\w* (?:has |is |)(?:changed|changing|gone (?:funny|weird|strange|different))\b(?! for the better)",
        r"\b(?:nothing|no breaths?|stops?|stopping|stopped) for (?:a few|\d+|several|ten|twenty|a couple of) "
        r"(?:seconds|secs)\b",
        r"\b(?:paus\w*|gaps?|stops?|stopping) (?:\w+ ){0,2}(?:between|in) (?:\w+ )?(?:breaths|breathing)\b",
        r"\bgurgl\w* (?:noise|sound|breath\w*|snor\w*)", r"\b(?:breath\w*|snor\w*) (?:\w+ )?gurgl\w*",
        r"\b(?:fighting|struggling|gasping|battling) for (?:breath|air)\b",
        r"\bsuffocat\w*\b(?! (?:in|with) (?:this|the) (?:heat|weather|humidity|office|sun))",
        r"\b(?:lips|face|mouth) (?:\w+ ){0,3}(?:funny|strange|weird|odd|dark|darker) colou?r\b",
        rf"(?#needs:blu|grey|gray|purpl|ashen|dusky)\b{PERSON} (?:is|has gone|gone|went|turned|turning|looks|looking|"
        r"is looking) "
        rf"(?:\w+ ){{0,2}}?{COLOUR}\b",
        r"\bsnoring (?:funny|weird|strange|oddly)\b",  # loud snoring alone is everyday; with "can't wake" it is caught
        r"\b(?:gone|going|turned|turning|is|looks|looking|went) (?:a |all |really |very )*(?:funny|strange|weird|odd|"
        r"horrible|awful|bad|horrid) colou?r\b",
        r"\bbreath(?:ing|s)? (?:\w+ )?(?:isnt|is not|not|doesnt (?:feel|seem|sound|look)) (?:\w+ )?(?:right|normal)\b",
        r"\bcant get (?:enough )?air\b",
    ],
    "unresponsive": [
        r"\b(?:cant|unable to|hard to|struggling to|trying to|wont|not|impossible to)\b(?:\W+\w+){0,3}?\W+"
        r"(?:wake|rouse|waken|come round|coming round|come to)\b(?! (?:for|to|on|at|tomorrow|today|tonight|later|this|"
        r"next|anymore|any more|here|ours|mine|my|his|her|the|and see|to see))",
        r"\b(?:cant|cannot|unable to|not able to|wont|struggling to|trying to) (?:wake|rouse|waken|wake up) "
        r"(?!up\b)(?:him|her|them|\w+)",
        rf"\b(?:cant|trying to) wake {PERSON}", r"\bcant get (?:\w+ ){1,3}to (?:wake|come round|respond)",
        r"\bcant get (?:him|her|them) (?:up|awake)\b(?! (?:the|stairs|off|out|for|to (?:go|school|work)))",
        r"\b(?:tried|try|trying|been) (?:shaking|shouting at|pinching|slapping|rubbing|nudging|poking) (?:him|her|"
        r"them)\b"
        r"(?:\W+\w+){0,3}?\W+(?:nothing|no response|no reaction|not a flicker|didnt|doesnt|wont|not)\b",
        r"\bun ?rous[e]?able\b|\bcant be (?:roused|woken)\b",
        r"\b(?:he|she|they|hes|shes|theyre|mum|dad|\w+ )?(?:wont|isnt|is not|not|arent|wasnt|doesnt|didnt) "
        r"(?:wake(?! (?:up )?(?:till|until|til|before|at|once|all night|the))|waking|respond|responding|react|"
        r"reacting|answering|answer me|rousing|come round(?! (?:for|to|on|at|"
        r"tomorrow|today|tonight|later|this|next|anymore|any more|here|ours|mine|my|his|her|the|and see|to see))|"
        r"coming round(?! (?:for|to|on|at|tomorrow|today|tonight|later|this|next|anymore|any more|here|ours|mine|my|"
        r"his|her|the|and see|to see))|moving|flinch|flinching|stir|stirring|budge|budging|"
        r"open (?:his|her|their) eyes)",
        r"\b(?:cant|cannot|struggling to|unable to|hard to) keep (?:him|her|them|\w+) awake\b",
        r"\bunrespons\w*", r"\b(?:barely|hardly|semi|half|only just) conscious\b",
        r"\bin and out of (?:consciousness|it)\b", r"\b(?:drifting|slipping) in and out\b",
        r"\bunconcious\w*", r"\bunconscious\w*\b(?! for (?:the|my|his|her) (?:operation|op|surgery|procedure))",
        r"\bpassed out\b(?! (?:leaflets|flyers|sweets|papers|forms|cards|food|drinks|invitations))",
        r"\bpassing out\b(?! (?:leaflets|flyers|sweets|papers|forms|the|cards|food|drinks|invitations))",
        r"\bpass out\b", r"\b(?:going to|about to|gonna|keep|keeps|kept) (?:faint|fainting|collaps\w*|black out)\b",
        r"\bblacked out\b", r"\bblacking out\b",
        r"<COLLAPSED>",
        r"\bfainted\b", r"\bfainting\b",
        r"\bout cold\b", r"\b(?:cant|struggling to|struggle to|struggles to|can barely|can hardly|hard to|unable to|"
        r"finding it hard to|fighting to) (?:stay awake|keep (?:my|his|her|their) eyes open)\b",
        r"\b(?:nodding|drifting|dropping) off\b(?! to sleep| (?:quicker|quickly|faster|easier|easily|better|no problem|"
        r"fine|nicely|straight away|at night|at bedtime))", r"\bfloppy\b", r"\b(?:gone|went|all|is|was|goes) limp\b",
        r"\bpinpoint pupils\b", r"\b(?:pupils|eyes) (?:\w+ ){0,2}(?:tiny|pinpoint\w*|pinned|really small|very small|"
        r"like pins?|like pin ?pricks?|pin ?pricks?)",
        r"\b(?:cant get|not getting|getting no|no) (?:any )?(?:response|reaction|answer) (?:\w+ )?(?:from|out of)\b",
        r"\b(?:stopped|stops) (?:responding|reacting|answering|moving)\b",
        r"\b(?:drowsy|sleepy) and (?:confused|slurring|cant|not making sense)\b",
        near(r"drowsy|sleepy|dozy|out of it|spaced out", r"confused|confusion|muddled|disorientated|disoriented|"
             r"slurring|slurred|nonsense|gibberish|rubbish|babbling|talking funny|no sense", 4), r"\bslurring\b",
        r"\bcant get (?:any sense|sense|a word|anything|a response|an answer|owt) out of\b",
        r"\beyes (?:are )?rolling\b(?! (?:at|when|because|about))",
        rf"\bfound (?:him|her|them|{PERSON}) (?:\w+ ){{0,2}}on the floor",
        r"\bwont wake\b", r"\bnot making (?:any |much )?sense\b",
        r"\b(?:falling|fell|falls|drops|dropping|nodding|nods) (?:off |asleep )(?:\w+ )?(?:mid|in the middle of|while|"
        r"whilst|when) (?:\w+ )?(?:sentence|conversation|talking|eating|speaking|standing|chewing)",
    ],
    "self_harm": [
        rf"\b{TOOL}(?: point| tip| edge)? (?:\w+ ){{0,2}}?(?:to|on|into|across|against|over) {POSS} (?:\w+ )?{BODY}\b",
        r"\btook a (?:razor|blade|knife) to\b",
        r"\bself ?harm\w*(?! (?:leaflets?|services?|team|nurse|group|training|course|awareness|charity|project|"
        r"website|helpline|policy|form|questions?|section|research|assignment|module|talk))",
        r"\bself ?har+\w*\b(?! (?:leaflets?|services?|team|nurse|group|training|course|awareness|charity|project|"
        r"website|helpline|policy|form|questions?|section|research|assignment|module|talk))",
        r"\bsh\b", r"\bsh ?(?:ing|d)\b", r"\bsh ed\b", r"\bself injur\w*",
        r"\b(?:cut|cutting|cuts|slashed|slashing|sliced|slicing|slit|slitting|burnt|burned|burning|burn|hurt|hurting|"
        r"harmed|"
        r"harming|harm|hit|hitting|punched|punching|scratched|scratching|stabbed|stabbing|bashed|banged|carved|"
        rf"carving) (?:at |into )?(?:{REFL}|{POSS} (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|belly|"
        rf"body|"
        r"face|head|chest|hips?))\b"
        r"(?! (?:a|some|another) (?:slice|piece|chunk|portion|sandwich|lump)\b|(?<=self) (?:off|short|some slack)\b)",
        rf"\b(?:cuts|slashes|burns|scratches|marks) (?:\w+ )?(?:on|to|in|across) {POSS} "
        r"(?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|stomach|belly|body|hips?)\b",
        r"\b(?:been|started|start|keep|kept|want to|urge to|urges to|relapsed and|relapsed|relapse and|need to) "
        r"cutting\b",
        # "my dose has been cut", "my hours have been cut": something else was cut
        r"\b(?:(?<!dose )(?<!doses )(?<!meds )(?<!medication )(?<!tablets )(?<!prescription )(?<!hours )(?<!pay )"
        r"(?<!funding )(?<!benefits )(?<!money )(?<!hair )(?<!grass )(?<!has )(?<!have )(?<!had )been|started|start|"
        r"keep|kept|want to|urge to|urges to|relapsed and|relapsed|relapse and|need to) cut\b",
        r"\bcut(?:ting)? again\b", r"\bwent too deep\b(?! (?:into|in the|with|about|on)\b)", r"(?<!shoulder )\bblade\b",
        r"\brazor blade\w*",
        r"\b(?:til|till|until) (?:it|they) (?:bled|bleed|bleeds)\b", r"\bhead against the wall\b",
        r"\bhurt myself on purpose\b",
        # an injury done on purpose, whatever the means ("punched the wall till my knuckles bled, on purpose")
        r"(?#needs:on purpose|deliberately|intentionally|purposely|as a punishment|as punishment|to punish|to feel|"
        r"to make)"
        r"\b(?:punch\w*|hit|hitting|bang\w*|bash\w*|smash\w*|burn\w*|burnt|scald\w*|scratch\w*|pick\w*|bit|bite|"
        r"biting|pinch\w*|stab\w*|cut|cutting|slash\w*|bruis\w*|hurt|hurting|held|holding|poured|pouring|tied|starv\w*|"
        r"stubbed|stubbing|slam\w*|kick\w*|headbutt\w*|rammed|ramming|broke|breaking|press\w*|put|putting)\b"
        r"(?! (?:him|her|them|me|you|the "
        r"(?:dog|cat|car|ball))\b)(?:\W+\w+){0,8}?\W+(?:on purpose|deliberately|intentionally|purposely|as (?:a )?"
        r"punishment|to punish (?:myself|himself|herself)|to feel (?:something|the pain|pain|better)|to make (?:it|"
        r"myself|"
        r"me) hurt)\b",
        r"\b(?:on purpose|deliberately|intentionally|purposely)\W+(?:\w+\W+){0,2}?(?:punch\w*|hit|hitting|bang\w*|"
        r"bash\w*|smash\w*|burn\w*|burnt|scald\w*|scratch\w*|stab\w*|cut|cutting|slash\w*|bruis\w*|hurt|hurting|held|"
        r"poured|pouring|stubbed|slam\w*|headbutt\w*|rammed|broke)\b",
        r"\b(?:til|till|until) (?:it|they|its|theyre|(?:my|his|her) \w+) (?:was |were |is |are )?(?:bled|bleed|bleeds|"
        r"bleeding|split|black and blue|bruised|raw|blistered|broke)\b",
        r"\bto make (?:it|myself|me|him|her) (?:hurt|bleed|bruise)\b",
        r"\b(?:cutting|hurting myself|self ?harming|burning myself|harming myself) (?:is|was|has been) (?:the only|my "
        r"only|how i)\b",
        rf"\b(?:cuts|burns|scratches|slashes|marks|bruises) all (?:up|over|down|along) {POSS} {BODY}\b",
        near(r"cuts|burns|marks|scratches|bruises|wounds", r"(?:did|done) (?:it |them |this |that )?(?:to )?(?:herself|"
             r"himself|myself|themselves)|self ?inflicted", 10),
        rf"\b(?:burn\w*|burnt|cut|cutting|scratch\w*|scald\w*|carv\w*|slash\w*|stab\w*|mark\w*) (?:{REFL}|"
        rf"(?:the (?:back|front|inside|top|side) of )?{POSS} (?:\w+ ){{0,3}}?{BODY}) (?:\w+ ){{0,3}}?(?:with|"
        rf"using) (?:a |an |the |my |his |her )?(?:\w+ )?"
        r"(?:cigarettes?|ciggies|ciggy|cigs?|fags?|lighter|compass|razor|razors|blades?|pen ?knife|stanley knife|"
        r"needles?|pins?|sharpener|matches|lighter fluid)\b",
        rf"\b{BODY}\b(?:\W+\w+){{0,3}}?\W+(?:covered in|full of|all) (?:\w+ )?(?:cuts|slashes|burns|scratches|"
        r"marks)\b",
        near(r"used to (?:cut|self ?harm|burn myself|hurt myself)|the cutting|(?:been|started|stopped) cutting|"
             r"cutting myself|cut myself|self ?harm\w*|harming myself|hurting myself|burning myself",
             r"(?:done|did|doing) it again|started (?:it )?again|back to it|relapsed|started doing it|"
             r"urges? (?:are |is |have |has )?(?:back|come back|came back|returned)|(?:want|wanting|need|needing|"
             r"tempted) to do it again", 8),
        r"\bdid something (?:to|with) (?:my )?(?:arm|arms|wrist|wrists|leg|legs|body|thighs?|stomach|skin|myself)\b",
    ],
    "suicide": [
        # a way of dying named ("jumping in front of a train", "off the bridge")
        r"\b(?:jump|jumping|throw myself|throwing myself|step out|stepping out|walk out|walking out) "
        r"(?:\w+ ){0,2}?(?:in front of|off|under) (?:a |the |that )?(?:\w+ )?(?:train|trains|bridge|building|cliff|"
        r"lorry|roof|motorway|car park|tube|tram)\b",
        # affairs put in order for after death ("sorted out who will have the cat after I've gone")
        near(r"sorted|sorting|arranged|arranging|organised|organising|who will (?:have|look after|take)|"
             r"will look after|letters?|notes?|my will",
             r"(?:after|when|once) (?:im|ive|i am|i have) (?:gone|dead|passed|passed on)(?! (?:on|to|for|away|out|in|"
             r"into|back|shopping|home|through|over|up|down|off))", 8),
        near(r"no|cant see|dont see|whats|what is|cant find|lost", r"point", 2, ordered=True) + r"(?:\W+\w+){0,4}?\W+"
        r"(?:carrying on|carry on|going on|go on|living|life|anything|it all|being here|being alive|anymore|trying)\b",
        r"\bfavou?r (?:\w+ ){0,3}if i (?:wasnt|werent|was gone|were gone|was dead|died|wasnt here|wasnt around)\b",
        near(r"better|happier|easier|relieved", r"without me|if i (?:was|were|wasnt|werent|am) (?:gone|dead|here)|"
             r"when im gone|with me gone|if i died|if i wasnt around", 5, ordered=True),
        r"\b(?:peace|rest|sleep|gone|over|stop|end) (?:\w+ ){0,2}for good\b", r"\b(?:want|wanna) to be at peace\b",
        r"\b(?:dont|do not|never) want to be (?:around|alive|on this earth|here)\b",
        r"\bwant (?:it|it all|everything|all this|this) (?:all )?to (?:end|stop)\b",
        r"\bif i (?:was|were|am) (?:gone|dead|not here|not around)\b|\bif i (?:wasnt|werent|didnt exist|died)\b"
        r"(?! (?:for|at|in|on|so|as|that|too|very|feeling|working|sleeping|able|sure|allowed|there|home|busy|tired|ill|"
        r"poorly|scared|worried)\b)",
        r"\b(?:my|(?<!explain )(?<!about )(?<!understand )(?<!read )(?<!got )(?<!get )(?<!see )(?<!saw )(?<!to "
        r")(?<!re )(?<!in )the|this is my|this is the) (?:last|final) (?:text|message|msg|words|goodbye)\b(?! (?:for|"
        r"of) "
        r"(?:today|tonight|the day|now|this week|the week)| today| tonight| til| till| until)",
        r"\bhow many (?:\w+ ){0,2}(?:it would take|would it take|does it take|it takes|it will take|would kill|to kill|"
        r"will kill|would be (?:fatal|lethal|enough)|is (?:fatal|lethal))\b(?! to (?!die|end|kill))",
        r"\bwant (?:it|it all|everything|all this|this) (?:all )?to be over\b", r"\btonights the night\b",
        r"\b(?:dont|cant) see (?:a|any) (?:future|way forward|reason to (?:live|go on|carry on))\b",
        r"\bhad enough of (?:life|living|everything|it all|being alive|this life)\b",
        r"\b(?:ways|how) to (?:die|kill myself|end it|end my life)\b", r"\blethal dose\b",
        r"\bhow many (?:\w+ )?(?:would|to|will) kill\b",
        r"\b(?:dont|do not) (?:feel|trust myself|think im) safe\b", r"\b(?:im|i am|i feel|feeling) not safe\b",
        r"\bnot feeling safe\b",
        r"\bdont trust myself\b",
        r"\bsu[iu]?[cs]{1,2}[iy]?d\w*" + _SUICIDE_TOPIC, r"\bsuicid\w*" + _SUICIDE_TOPIC, rf"\bkill ?{REFL}\b",
        rf"\bkilling {REFL}\b", r"\bkms\b",
        r"\bunalive\w*",
        rf"\b(?:end|ending|ended|ends) (?:it all|{POSS} life|{POSS} own life|things|everything|my lyfe)\b",
        r"\b(?:end|ending) it\b(?! with)", rf"\btakes? {POSS} (?:own )?life\b", rf"\btaking {POSS} (?:own )?life\b",
        r"\b(?:want|wants|wanted|wanting|wish|wishes|wishing|going|ready|like|plan|plans|planning|about|hope|hopes|"
        r"hoping|need|needs|would rather|"
        r"rather|just want|deserve) (?:to )?(?:die|be dead|not be here|not exist|disappear for good|go to sleep "
        r"forever|sleep forever|not wake up)\b"
        # hyperbole about an everyday ordeal: "I'd rather die than go back to that dentist"
        r"(?! than (?:\w+ ){0,5}?(?:dentists?|gym|shopping|ikea|karaoke|queue|queues|meeting|meetings|exams?|"
        r"hairdressers?|barbers?|football|rugby|musicals?|opera|party|parties|wedding|karaoke|dancing|nightclub)\b)",
        r"\brather be dead\b", r"\b(?:might|may) (?:as well|aswell) be dead\b",
        r"\bwish (?:i|id) (?:was|were|had|) ?(?:dead|gone|never been born)\b",
        r"\b(?:do|doing|did|done) (?:something|summat|anything) (?:stupid |silly |bad )?to (?:myself|himself|herself|"
        r"themselves)\b",
        r"\bwish i (?:wasnt|werent|didnt exist|could disappear)\b",
        rf"\b(?:do|doing) {REFL} in\b", rf"\b(?:end|ending) {REFL}\b", rf"\b(?:top|topping|off|offing) {REFL}\b",
        rf"\bhang(?:ing|ed)? {REFL}\b",
        # driving into something; going under a vehicle; into water or traffic; off a height
        rf"\b{MEANS_LEAD} {WM}{{0,2}}?{DRIVE} {WM}{{0,2}}?(?:into|in to) {WM}{{0,4}}?(?:{HIT}|{VEHICLE}|{WATER})\b"
        rf"(?! park){NOT_LEISURE}",
        rf"\b{MEANS_LEAD} {WM}{{0,2}}?{DRIVE} {WM}{{0,2}}?off {WM}{{0,3}}?(?:{HEIGHT}|road)\b",
        rf"\b{MEANS_LEAD} {WM}{{0,2}}?{ON_FOOT} {WM}{{0,2}}?(?:in front of|under|onto) {WM}{{0,3}}?"
        rf"(?:{VEHICLE}|tracks?|railway|line)\b(?! park)",
        rf"\b{MEANS_LEAD} {WM}{{0,2}}?{ON_FOOT} {WM}{{0,2}}?(?:into|in to) {WM}{{0,3}}?"
        rf"(?:river|sea|canal|reservoir|lake|quarry|docks?|traffic|oncoming traffic)\b{NOT_LEISURE}",
        rf"\b{MEANS_LEAD} {WM}{{0,2}}?{ON_FOOT} {WM}{{0,2}}?(?:off|from) {WM}{{0,3}}?{HEIGHT}\b",
        r"\b(?:throw|throwing|threw|fling|launch) (?:myself|himself|herself|themselves) (?:in|into|off|under) "
        r"(?:the |a )?(?:river|sea|canal|reservoir|lake|quarry|docks?|traffic|road)\b",
        r"\b(?:planning|planned|worked out|working out|figured out|researching|researched|looking up|looked up) how "
        r"(?:to|i will|ill|im going to|i would|id|i could) (?:end it|kill myself|end my life|do it\b(?!.*\b(?:gp|nurse|"
        r"doctor|pharmacist|step|patch|taper|reduc\w*|plan|dose|tablets?|meds|form|app|appointment|injection)\b))\b",
        r"\b(?:drown|drowning|drowned|gas|gassing|poison|poisoning|electrocut\w*|set fire to|smother|suffocate) "
        r"(?:myself|himself|herself|themselves)\b(?! in (?:work|paperwork|coffee|tea|chocolate|admin|emails|housework|"
        r"wine|gin|beer|books|box sets|tv|telly|the telly|studying|revision|jobs|chores))",
        r"\b(?:hose|hosepipe)\b(?:\W+\w+){0,6}?\W+exhaust\b|\bexhaust\b(?:\W+\w+){0,6}?\W+(?:hose|hosepipe)\b",
        r"\bengine (?:running|on|going)\b(?:\W+\w+){0,5}?\W+garage\b|\bgarage\b(?:\W+\w+){0,6}?\W+engine (?:running|"
        r"on)\b",
        r"\bcarbon monoxide\b(?! (?:alarm|detector|monitor|test|check))",
        r"\b(?:got|have|bought|buying|found|ordered) (?:some |a |the )?(?:rope|ropes)\b(?! (?:for|to tie|swing|ladder|"
        r"light|lights))",
        r"\brope\b(?:\W+\w+){0,10}?\W+(?:thinking about (?:it|using it)|thought about (?:it|using it)|looking at it|"
        r"staring at it)\b",
        r"\b(?:im|i am|am|feel|i feel) (?:so |just |totally |completely )?done with (?:it all|everything|life|living|"
        r"this life|this world)\b(?!,? (?:the|these|those|all the|with the) )",
        r"\bwish (?:i|id|i had|i hadnt|i could have) (?:never |not )?(?:woken|woke|wake|waken)(?: up)?\b",
        near(r"(?:sorted|done|made|written|updated|finished|wrote) (?:out )?(?:my|the) will",
             r"(?:dogs?|cats?|pets?|budgie|rabbit)s? (?:is |are )?(?:going to|goes to|will go to|can go to|can have|"
             r"to)", 10),
        # an indirect farewell at the end of a message ("I'm ready to go now"), not a trip being waited for
        r"\b(?:im|i am|i feel|feel|think im|i think im) ready to go\b(?: now)?(?=\W*$|\W+(?:tell|i love|love|goodbye|"
        r"bye|sorry|im sorry|please|x+\b))(?!.*\b(?:taxi|lift|bus|train|appointment|clinic|hospital|waiting|coat|car|"
        r"shoes|bags?|packed|pick|picked|out|home|surgery|when|shops|work|holiday)\b)",
        r"\b(?:its|it is) my time (?:to go|now)\b|\bmy time has come\b",
        rf"\b{MEANS_LEAD} (?:\w+ ){{0,2}}?(?:crash|crashing|wrap|wrapping|write off|total|drive off) (?:the|my) car\b",
        r"\b(?:it|everything) (?:would|will|could) all (?:stop|end|be over)\b|\bit (?:would|will) all be over\b",
        r"\b(?:goodnight|good night|night night|bye|goodbye|saying goodbye|"
        r"signing off) (?:\w+ ){0,2}for (?:the (?:last|"
        r"final) time|good|ever)\b",
        r"\bjump (?:off|in front of) (?:a |the )?(?:bridge|train|building|roof|cliff|car|lorry|motorway)\b",
        r"\b(?:standing|stood|sat|sitting|im|i am) (?:up )?on (?:the|a) (?:bridge|edge|ledge|roof|cliff|cliffs|"
        r"railway|tracks|train tracks)\b(?! (?:road|street|club|game|of (?:the|a|his|her|my) (?:boat|ship|nose|song)))",
        r"\b(?:got|bought|have|the|a) rope (?:ready|for)\b",
        r"\bnoose\b", r"\b(?:got|have|bought|found) a rope\b",
        r"\b(?:going to|want to|about to|will|ready to) jump\b(?! (?:in|on|into) (?:the|a|my))",
        r"\bbetter off (?:dead|without me|if i (?:was|were) gone|if i wasnt here|with me gone)\b",
        r"\b(?:everyone|everybody|they|you all|my family|the kids|my kids|people) (?:will|would|d|ll) be better off\b"
        r"(?=\W*$|[.!]|\W+(?:without|if i|when im|with me|once im|x+\b))",
        r"\b(?:life|living|everything|it all|my life) (?:is|feels|seems) (?:so |just |completely |totally )?"
        r"(?:pointless|meaningless|hopeless|not worth it)\b",
        r"\b(?:given|giving|gave|give) (?:all )?(?:my|his|her) (?:things|stuff|belongings|possessions|treasures) away\b"
        r"(?! to (?:charity|the charity|a charity|the tip|oxfam))|\bgiv(?:en|ing|e) away (?:all )?(?:my|his|her) "
        r"(?:things|stuff|belongings|possessions)\b(?! to (?:charity|the charity|a charity|the tip|oxfam))",
        r"\bburden\b(?! shared| halved| on (?:the )?(?:nhs|system|taxpayer|health service|services|economy|gp|"
        r"surgery))",
        r"\bgoodbye\b(?! for now|(?: \w+){0,4} (?:at|outside|on) the (?:airport|station|school|door|gate|bus|train|"
        r"hospital|party|pub|shop|shops|platform|coach))", r"\bgoodbyes\b", r"\bsay(?:ing)? bye to everyone\b",
        r"\b(?:notes?|letters?) (?:to|for) (?:my |the )?(?:family|kids|children|everyone|wife|husband|son|daughter|"
        r"mum|partner)\b(?! about (?:the |their |our |my )?(?:holiday|trip|party|school|christmas|birthday|weekend|"
        r"wedding|plans|house|dog|cat|visit))",
        r"\b(?:written|wrote|writing|write|left|leaving|leave) (?:my |a |the |some |all the )?(?:notes?|letters?|"
        r"goodbyes?)\b(?! (?:to remind|of |down|in (?:my|the) diary|on (?:my|the) (?:phone|calendar)|"
        r"for (?:school|work|the (?:school|teacher|gp|doctor|pharmacy|chemist|nurse|milkman|postman)))|"
        r"(?: to (?:my |the |our )?\w+)? (?:about|of complaint|of support|regarding|re)\b|"
        r" to (?:my |the |our )?(?:mp|council|gp|doctor|surgery|landlord|bank|boss|work|school|solicitor|insurance|"
        r"newspaper|paper|editor|dvla|dwp|pip|benefits|housing|consultant|hospital|nhs))",
        r"\bthe note (?:is|i left|ive left|for)\b",
        r"\bleft a (?:note|letter)\b", r"\bgoodbye letters?\b", r"\bsorted my will\b",
        r"\b(?:dont|do not|never) want to (?:wake|live|be alive|be here|exist|go on|carry on|see tomorrow)\b",
        r"\b(?:hope|hoping|wish|wishing|want)\b(?:\W+\w+){0,6}?\W+(?:dont|never|not|wont|didnt) (?:wake|waking)\b",
        r"\bnever wake up\b", r"\bnot wake up\b",
        r"\bno point (?:anymore|any more|in (?:going on|living|carrying on|anything|life|me being here)|"
        r"living|carrying on|going on|to (?:life|living|anything))\b", r"\bno point$", r"\bwhats the point\b",
        r"\bcant do (?:it|this|that) (?:any ?more|much longer)\b",
        r"\bcant (?:go on|carry on|do this|take (?:it|this|any more|anymore)|live like this)\b(?! \w+day)",
        r"\b(?:dont|cant) see a way out\b", r"\bno way out\b", r"\bwont be (?:here|around) (?:tomorrow|much longer|"
        r"for long|by)\b", r"\btell (?:my )?(?:kids|children|family|daughter|son|wife|husband|mum|dad|partner) "
        r"(?:i love|im sorry|sorry)\b", r"\bno one (?:would|will) (?:miss|care)\b",
        r"\bnobody (?:would|will) (?:miss|care|notice|mind)\b"
        r"(?:(?<=miss)|(?<=care)|(?! (?:my|the|a|that|it|anything|his|her|their|our|your)\b))",
        r"\bno one (?:would|will) (?:notice|mind)\b(?! (?:my|the|a|that|it|anything|his|her|their|our|your)\b)",
        r"\bsaving (?:up )?(?:my |all my )?(?:tablets|pills|meds)\b",
        r"\bstockpil\w*",
        rf"\b(?:keeping|kept|holding|hoarding|stashing|stashed|saved|saving|hidden|hiding) (?:\w+ ){{0,2}}?(?:{TAB}) "
        r"(?:\w+ )?(?:back|aside|up)\b", rf"\bhoard\w* (?:\w+ ){{0,2}}?(?:{TAB})",
        r"^(?:please )?(?:look after|take care of|feed|love) (?:my|the) (?:dogs?|cats?|pets?|kids|children|animals)\b"
        r"(?!.*\b(?:while|whilst|when|during|tomorrow|next|appointment|clinic|group|holiday|hospital)\b)",
        r"\b(?:dogs?|cats?|pets?|kids|children) (?:will|can|should) go to (?:my|his|her|our)\b",
        rf"\b(?:got|have|put|laid|lined|counted) (?:\w+ ){{0,2}}?(?:{TAB}) (?:\w+ ){{0,2}}?"
        r"(?:ready|lined up|counted out)\b(?! for (?:the|tomorrow|my|next|when|morning|tonight|bed))",
        r"\benough (?:\w+ )?(?:tablets|pills|meds) (?:saved|to (?:finish|end|do))\b",
        r"\bknow how (?:im|i am|i will|ill) (?:going to )?do it\b",
        r"\b(?:have|got|made) a plan\b(?! (?:for|with|of|to (?!(?:end|die|kill|do it|take|jump|hang|overdose)\b)))",
        r"\b(?:cant|dont think i can|not sure i can|unable to|struggling to) keep (?:myself|me) safe\b",
        r"\b(?:scared|afraid|frightened|worried|terrified) (?:of )?what i (?:might|could|will|would|am going to|"
        r"may) do\b",
        r"\b(?:might|going to|thinking of|thinking about|feel like|want to|scared ill|afraid ill|could) "
        r"(?:do|doing) something (?:silly|stupid|daft|bad|dangerous)\b",
        rf"\b(?:done|did) something (?:silly|stupid|daft|bad|dangerous) (?:with|to) (?:my |the )?(?:{TAB}|myself|"
        r"arms?|wrists?|legs?)\b",
        r"\b(?:all )?(?:to stop|over),? for good\b", r"\bwant it (?:all )?over\b(?! with)",
        r"\bno reason (?:for me )?to (?:live|go on|carry on|be here|keep going|stay)\b",
        r"\bnot worth living\b", r"\blife (?:isnt|is not) worth\b", r"\bcant be bothered living\b",
        r"\bwont be (?:a problem|a burden|a bother|around|here|troubling|bothering) (?:\w+ ){0,3}"
        r"(?:much longer|for long|anymore|any more|soon)\b",
        r"\bwant to disappear\b",
        r"\b(?:wish|want|wanna|hope|hoping)\b(?:\W+\w+){0,5}?\W+(?:sleep|asleep) (?:forever|for ever|for good)\b",
        r"\bwish i could (?:just )?(?:die|disappear|not wake up|sleep forever|end it)\b",
        r"\bwant out\b(?! of)", r"\bwish i could (?:just )?(?:disappear|not exist|sleep forever)",
    ],
    "chest_pain": [
        near(r"che?sts?", r"(?<!no )(?<!not )(?<!without )(?<!any )(?:pain|pains|hurt\w*|ache|aching|tight\w*|heavy|"
             r"heaviness|pressure|squeez\w*|crush\w*)|"
             r"burning|on fire|agony|stabbing|killing me|sore|painful", 5),
        near(r"che?st", r"arm|arms|jaw|neck|shoulder", 10),
        r"\bche?st (?:\w+ ){0,4}(?:pain|pains|hurts|hurting|ache|aching|tight|tightness|heavy|pressure|squeez\w*|"
        r"crush\w*|burning|agony)\b",
        r"\b(?:pain|pains|ache|aching|tightness|pressure|heaviness|heavy feeling|squeezing|weight|burning) "
        r"(?:\w+ ){0,2}(?:in|across|on|around) (?:my |the |his |her )?chest\b",
        r"\btight chest\b", r"\bcrushing (?:pain|feeling|sensation|pressure|chest)\b",
        r"\bheart (?:pain|pains|hurts)\b", r"\bheart attack\b",
        r"\belephant (?:\w+ ){0,3}on (?:me|him|her|them|(?:my|his|her|their) chest)\b",
        r"\b(?:tight|heavy) band (?:round|around|across) (?:me|him|her|my|his|her)\b",
        r"\b(?:squeez\w*|crush\w*|pressure|tightness|heaviness|tight band)\b(?:\W+\w+){0,10}?\W+(?:into|down|up|to) "
        r"(?:my|his|her) (?:left |right )?(?:arm|jaw|neck)\b",
        rf"\b(?:clutching|clutched|holding|gripping|grabbing|grabbed|clasping) (?:at )?{POSS} chest\b",
        r"\bpain (?:\w+ ){0,2}(?:spreading|going|radiating|running|shooting|moving) (?:\w+ ){0,3}(?:arm|jaw|neck)",
        r"\b(?:left|right) arm (?:\w+ ){0,2}(?:numb|dead|tingl\w*|ach\w*|heavy|pain)",
        r"\b(?:jaw|arm) (?:\w+ ){0,2}(?:and|with) (?:\w+ ){0,2}chest\b",
        r"\b(?:arm|arms|shoulder)\b(?:\W+\w+){0,2}?\W+(?:and|with|&)\W+(?:\w+\W+){0,2}?jaw\b",
        r"\bjaw\b(?:\W+\w+){0,2}?\W+(?:and|with|&)\W+(?:\w+\W+){0,2}?(?:left )?(?:arm|arms|shoulder)\b",
    ],
    "vomiting": [
        r"\b(?:cant|not|nothing|no|unable to|havent|hasnt|never)\b(?:\W+\w+){0,3}?\W+(?:keep|keeping|kept|stay|"
        r"stays|staying|stayed|hold|holding|held)\b(?:\W+\w+){0,4}?\W+down\b",
        near(r"vomit\w*|sick|throw\w* up|puk\w*|spew\w*", r"water|fluids|drinks?|sip", 6),
        r"\b(?:cant|not|havent|hasnt|unable to|struggling to|nt) (?:been able to )?(?:keep|keeping|kept|hold|"
        r"holding|held) (?:\w+ ){0,3}down\b",
        r"\b(?:nothing|not even|no|not) (?:\w+ ){0,3}(?:stay|stays|staying|stayed) down\b",
        r"\b(?:everything|every time i (?:eat|drink)|water|fluids|drinks?|even water) (?:\w+ ){0,4}(?:back up|comes "
        r"back|coming back|comes up|straight back|straight up)\b",
        r"\b(?:throwing|throw|threw|bring|bringing|brought) (?:\w+ ){0,1}up (?:everything|all|every|water|any)",
        r"\b(?:vomit\w*|being sick|been sick|sick|throwing up|puking|spewing|honking|retching) (?:\w+ ){0,2}"
        r"(?:all (?:day|night|morning)|non ?stop|constantly|for (?:\d+|two|three|four|a few) days|"
        r"for (?:over |more than |about )?(?:1[2-9]|[2-9]\d|twelve|twenty\w*|thirty\w*|forty\w*) (?:hours|hrs)|"
        r"(?:[5-9]|\d\d|ten|loads of|so many) times|all the time|every hour|everything)",
        r"\bcant stop (?:being sick|vomit\w*|throwing up|puking|retching)",
        r"\b(?:sick|vomit\w*|throw up|throwing up) (?:\w+ )?every time i (?:drink|eat|have)\b",
        r"\b(?:throwing up|vomit\w*|being sick|been sick|puking|sick)\b(?:\W+\w+){0,6}\W+"
        r"cant (?:drink|keep|eat or drink)",
        r"\bcant (?:drink|keep) (?:\w+ ){0,3}(?:without|throwing up|being sick|vomit\w*)",
        r"\b(?:vomit\w*|throwing up|puking) (?:\w+ )?(?:blood|green)\b",
        r"\b(?:vomit\w*|being sick|been sick|was sick|throwing up|threw up|puking|spewing|honking|retching|heaving)\b"
        r"(?:\W+\w+){0,6}?\W+(?:(?:[5-9]|\d\d|ten|twelve|fifteen|twenty|loads of|so many|that many|too many) times|"
        r"since (?:\w+ ){0,2}?(?:yesterday|last night|the day before|monday|tuesday|wednesday|thursday|friday|"
        r"saturday|sunday|\d+ days))\b",
        r"\b(?:nothing|not even water|no fluids|not even a sip) (?:is |will |will not |wont )?(?:staying|stays|stayed|"
        r"stay)"
        r" (?:down|in)\b(?! (?:my|his|her|the) (?:head|mind|memory|brain))",
        r"\b(?:honk\w*|spew\w*|puk\w*|throw\w*|chuck\w*|heav\w*|bring\w*) (?:my|his|her|their) (?:guts|ring) up\b"
        r"(?:\W+\w+){0,6}?\W+(?:since|all (?:day|night)|dizzy|faint|cant)\b",
    ],
    "severe_withdrawal": [
        r"\b(?:severe|bad|awful|terrible|horrendous|horrible|really bad|unbearable|extreme|horrific) "
        r"(?:withdrawal|withdrawals|withdrawl|withdrawls|rattle|rattling|clucking)\b",
        r"\b(?:withdrawal|withdrawals|withdrawl|withdrawls) (?:is |are )?(?:\w+ )?"
        r"(?:unbearable|awful|terrible|so bad|horrendous|horrific|killing)",
        r"\b(?:im|i am|been|proper|really|still|started|am) rattling\b(?! (?:around|about|round|on|off|through|"
        r"along|away))", r"\brattling (?:bad|badly|like)\b",
        r"\bclucking\b",
        r"\bcant stop (?:shaking|sweating|diarrh\w*)\b",
        r"(?<!about )\b(?:seizure|seizures|convulsing|convulsions)\b(?! (?:leaflet|programme|program|documentary|"
        r"article|awareness|charity|training|policy|plan))",
        r"\b(?:is|hes|shes|was|been|started|keeps) fitting\b(?! (?:a|an|the|new|some|my|his|her|their|our|in|into|it|"
        r"them|out|up|for|together)\b)",
        rf"(?#needs:fitting)\b{PERSON} (?:is |keeps |started )?fitting\b(?! (?:a|an|the|new|some|my|his|her|their|our|"
        r"in|into|it|them|out|up|for|together)\b)",
        r"\b(?:having|had|has|having) (?:some |a )?(?:kind|sort) of (?:a )?(?:fit|seizure)\b",
        r"\b(?:arms and legs|legs and arms) (?:\w+ )?(?:going|jerking|shaking|flailing|twitching|thrashing)\b",
        r"\bfitting (?:on the floor|again|now|badly|for)\b",
        r"\bfitting (?:and|&) (?:shaking|jerking|twitching)\b",
        r"\bfitted (?:twice|again|\d+ times|three times|for|on the floor|in (?:his|her|my) sleep|this|last)\b",
        r"\bhad a fit\b(?! (?:of|over)\b| when (?:they|he|she|we|i|you) (?:saw|heard|found|got|realised)\b| about "
        r"(?!(?:\d+|a|an|ten|five|fifteen|twenty|thirty|half an?) "
        r"(?:minutes?|mins?|hours?|hrs?|seconds?|secs?)\b))",
        r"\bhaving (?:a )?fits?\b(?! (?:of|over|about)\b)",
        r"\b(?:had|having|has|keeps having) (?:a|another|\d+|two|three|four|several|some|a few|more|multiple) "
        r"(?:fits|seizures|convulsions)\b",
        r"\bhallucinat\w*", r"\b(?:seeing|hearing) things\b(?! (?:differently|clearly|better|positively|through))",
        # a seizure described rather than named ("went stiff and jerky, eyes rolled, wet herself")
        r"\bconvuls\w*", r"\beyes (?:\w+ )?(?:rolled|rolling|roll) (?:back|up|into)\b",
        r"\beyes (?:\w+ )?(?:went|gone|going|turned) (?:back|up) (?:into|in) (?:his|her|my|their) head\b",
        near(r"stiff|rigid|jerk\w*|twitch\w*|shaking|shook|thrash\w*|spasm\w*|juddering",
             r"foaming|frothing|eyes rolled|not responding|wouldnt answer|wouldnt respond|unresponsive|"
             r"bit (?:his|her|my) tongue|wet (?:himself|herself|myself|themselves)|lost consciousness|"
             r"didnt know where|doesnt know where|lips blue", 8),
        r"\b(?:went|gone|goes|going|was|is|all) (?:all |completely |really |totally )?(?:stiff|rigid)\b"
        r"(?! with (?:cold|fear|shock|fright|nerves|the cold))(?:\W+\w+){0,6}?"
        r"\W+(?:jerk\w*|twitch\w*|shak\w*|shook|thrash\w*|convuls\w*|eyes (?:rolled|rolling|fixed|staring))",
        r"\bfoaming at the mouth\b(?:\W+\w+){0,6}?\W+(?:shaking|jerk\w*|twitch\w*|floor|stiff)",
        r"\b(?:jerking|twitching|thrashing) (?:all over|uncontrollabl\w*|on the floor)\b",
        # hallucinations described rather than named
        r"\b(?:people|someone|somebody|things|voices|kids|children|men|faces|animals) (?:that|who) (?:arent|isnt|"
        r"werent|"
        r"wasnt) (?:there|real)\b",
        r"\bhearing voices\b(?! (?:downstairs|upstairs|outside|next door|through the wall|in the (?:hall|street|"
        r"garden)))",
        r"\bseeing (?:people|someone|things|men|kids|children|faces|animals|insects|bugs|spiders) (?:\w+ ){0,3}"
        r"(?:in the room|on the walls?|on the ceiling|in the corner)\b",
        near(r"bugs|insects|ants|spiders|creatures|worms|beetles", r"see them|seeing them|saw them|can see", 8),
        near(r"cold turkey|stopped (?:them|it|everything|all my \w+) (?:dead|completely|all at once)",
             r"shaking|shakes|sweating|sweats|diarrh\w*|vomit\w*|dying|hallucinat\w*|fits?|seizures?", 10),
        r"\bseeing (?:spiders|bugs|insects|creatures|faces|shadows|animals|people that)\b",
    ],
    "head_injury": [
        r"\b(?:fell|fall|fallen|falling|tripped|slipped|collapsed|came off|went over|went down|keeled over|tumble|"
        r"tumbled|went flying|came a cropper|"
        r"hit the deck)\b(?:\W+(?!(?:didnt|not|never|no|havent|hasnt|without|dont|but)\b)\w+){0,8}?\W+"
        r"(?:clattered|clonked|conked|smashed|hit|hitting|banged|banging|bashed|cracked|smacked|knocked|whacked|"
        r"bumped|split) "
        r"(?:\w+ ){0,4}?(?:head|skull|forehead)\b",
        r"\b(?:hit|cracked|clattered|smashed|banged|bashed|whacked|smacked) (?:\w+ ){0,3}with (?:his|her|my|their) "
        r"head\b",
        near(r"fell|fall|fallen|falling|floor|collapsed|found (?:him|her|them)|(?:bottom|foot) of the stairs",
             r"(?:gash|cut|split|bleeding|blood|lump|wound|egg|bump)(?: \w+){0,3} (?:on|to|in|from|of) (?:his|her|my|"
             r"the|their) "
             r"(?:head|forehead|skull|scalp|temple)|heads? (?:is )?bleeding|bleeding from (?:his|her|my|the) head", 12),
        r"\bhead\b(?:\W+\w+){0,10}?\W+(?:blood thinners|warfarin|apixaban|rivaroxaban|edoxaban|dabigatran|"
        r"anticoagula\w*)",
        r"\b(?:head|skull|forehead) (?:\w+ ){0,3}(?:on|against) the (?:floor|ground|pavement|table|radiator|step|steps|"
        r"stairs|bath|toilet|sink|wall|kerb|door)\b",
        r"\bhead injur\w*",
    ],
    "allergic_reaction": [
        r"\ballerg\w* reaction\b", r"\banaphyla\w*", r"\bepi ?pen\b", r"\bhives\b",
        r"\b(?:throat|tongue|lips?|face|mouth|neck)s? (?:\w+ ){0,3}(?:swell\w*|swollen|puff\w* (?:right |all )?up|"
        r"puffy|blown up|"
        r"closing|tight|tightening|huge|massive|twice the size)\b",
        r"\b(?:swell\w*|swollen|puffed|puffy) (?:\w+ ){0,2}(?:throat|tongue|lips?|face|mouth)\b",
        r"\b(?:swell\w*|swollen|puff\w*) (?:up )?(?:round|around|under|of|in|on) (?:my|his|her|the|their) "
        r"(?:eyes?|eyelids?|face|lips?|mouth|tongue|throat)\b",
        r"\btongue (?:\w+ ){0,3}(?:big|fat|thick|too big|enormous)\b",
        "(?#needs:rash|blister|peeling|hives|welts|blotch)"
        + near(r"rash|blisters?|blistering|peeling|hives|welts|blotches|blotchy",
               rf"since (?:i )?(?:start\w*|took|taking|had|went on)|after (?:taking|starting|the new|i took|"
               r"i started)|"
               rf"new (?:tablets?|pills?|meds|medication|medicine|patch|prescription)|{DRUGS}", 8),
        r"\brash\b(?:\W+\w+){0,3}?\W+(?:spreading|all over|over (?:my|his|her) (?:whole )?body)\b",
        near(r"rash|blotches|blotchy|hives|welts|itchy|itching|swell\w*|swollen",
             r"voice (?:\w+ ){0,2}(?:hoarse|croaky)|throat|wheez\w*|faint|dizzy", 10),
        rf"\b(?:a |bad |an allergic )?reaction (?:to|from) (?:\w+ ){{0,2}}?(?:{TAB}|{PATCH}|{LIQUID}|antibiotics?|"
        r"penicillin|injection|jab)\b",
    ],
}


# Issue 14, the lead's held-out sets B and D (s21): classes they showed open, as general rules.
_HELD_OUT_CLASSES: dict[str, list[str]] = {
    "breathing": [
        # breathing counted or effortful ("6 breaths a minute", "a breath every few seconds")
        r"\b(?:[1-8]|one|two|three|four|five|six|seven|eight) breaths? (?:a|per|every|each) (?:minute|min)\b",
        r"\b(?:a|one|only a|the odd) breath (?:every|each) (?:few|couple of|\d+|five|ten|fifteen|twenty) ?"
        r"(?:seconds|secs)\b",
        r"\b(?:breathing|breathes|breathe) (?:only )?(?:once )?every (?:few|couple of|\d+|five|ten|fifteen|twenty) ?"
        r"(?:seconds|secs)\b",
        r"\bevery (?:single )?breath (?:is|feels like|feels|takes) (?:an? )?(?:effort|struggle|battle|fight|work)\b",
        r"\b(?:think|thinking|concentrate|concentrating) (?:about|on) every (?:single )?breath\b",
        r"\b(?:cant|can barely|can hardly|struggling to|struggles to|unable to|hard to) (?:talk|speak|get words out)\b"
        r"(?:\W+\w+){0,3}?\W+(?:between|for) (?:breaths|breathing|gasps)\b",
        r"\b(?:hard|difficult|struggling|struggle|cant|cannot|fighting|battling|trying) (?:to )?(?:get|take|draw) "
        r"(?:a |any |my |his |her )?(?:proper )?breath in\b",
        r"\bwak\w* (?:up )?(?:\w+ )?gasping\b",
        r"\bbreathing (?:is |was )?(?:\w+ )?(?:heavy and slow|slow and heavy)\b",
        r"\bsnor\w* (?:\w+ ){0,4}(?:weird|strange|funny|odd)\b(?:\W+\w+){0,4}?\W+(?:stop\w*|pauses?|pausing|"
        rf"gaps?|{DRUGS}|{PATCH}|new patch)\b",
        r"\bsnor\w* (?:\w+ ){0,4}and then (?:stop\w*|paus\w*|nothing)\b",
    ],
    "allergic_reaction": [
        r"\b(?:face|lips?|tongue|throat|eyes?|eyelids?)s? (?:\w+ ){0,3}(?:balloon\w*|puff\w* (?:\w+ )?shut|"
        r"swell\w* (?:\w+ )?shut|swollen shut|closing up)\b",
    ],
    "vomiting": [
        r"\b(?:sick|vomit\w*|puk\w*|throw\w* up|threw up|chuck\w* up|spew\w*|heaving)\b(?:\W+\w+){0,8}?\W+"
        r"(?:blood in (?:it|the sick|the vomit|them)|with blood|(?:streaks?|specks?|flecks?) of blood|"
        r"coffee (?:grounds|granules))\b(?! (?:tests?|results?|pressure|sugars?|forms?|donation|work|count|bank))",
        r"\b(?:looks?|looked|looking) like coffee (?:grounds|granules)\b",
        r"\b(?:puked|spewed|chucked up|threw up|vomited|been sick|was sick|sick)\b(?:\W+\w+){0,2}?\W+"
        r"(?:[5-9]|\d\d|ten|twelve|fifteen|twenty) times\b",
        r"\b(?:chuck\w* up|puk\w*|spew\w*|heaving) (?:\w+ )?every time (?:i|he|she|they) (?:drink|eat|have)\b",
        r"\b(?:the )?(?:sickness|vomiting|being sick|throwing up|puking|diarrh\w*) (?:\w+ )?(?:hasnt|has not|havent|"
        r"wont|will not|not) (?:\w+ )?stop\w*\b(?:\W+\w+){0,2}?\W+(?:since|for|all)\b",
    ],
    "severe_withdrawal": [
        # new confusion: not knowing where they are, who people are, what day it is
        r"\b(?:doesnt|dont|didnt|does not|did not) know where (?:he|she|they|i) (?:is|am|are|was|were)\b"
        r"(?! (?:going|heading|off|staying|from|with|at|on|in the|meant|supposed|up to)\b)",
        r"\b(?:doesnt|dont|didnt|did not|does not) know (?:what (?:day|year|month) it (?:is|was)|"
        r"who (?:i|he|she|we|they) (?:am|is|are|was|were))\b",
        r"\b(?:didnt|doesnt|did not|does not|couldnt|cant) recogni[sz]e (?:me|us|her husband|his wife|anyone|"
        r"her own|his own|any of us|family|her family|his family|(?:his|her) (?:son|daughter|wife|husband))\b",
        r"\b(?:keep|keeps|kept) getting lost (?:in|around) (?:my|his|her|their|the) (?:own )?(?:flat|house|home)\b",
        rf"\b(?:{PERSON}|he|she|hes|shes)\b (?:is |has been |been |seems |was |gets |getting |got |has got )?"
        r"(?:very|really|so|terribly|totally|completely|badly|more) (?:muddled|confused)\b"
        r"(?! (?:about|by|with|over|as to|what|which|why|how|when|if|where to)\b)",
        r"\bdelirious\b",
        r"\b(?:shook|shaking|jerk\w*|twitch\w*) all over\b(?:\W+\w+){0,4}?\W+(?:went|gone|go|going) (?:all )?"
        r"(?:stiff|rigid)\b",
        r"\bshak\w* (?:so bad|so badly|so much)\b(?:\W+\w+){0,2}?\W+(?:i|he|she|they) (?:cant|couldnt) "
        r"(?:hold|stand|walk|grip)\b",
    ],
    "head_injury": [
        near(r"fell|fall|fallen|falling|tripped|slipped|tumble|tumbled|went over|funny turn|collapsed|"
             r"keeled over|face ?planted",
             r"(?<!no )(?<!not )(?<!without )(?<!without a )(?<!not a )"
             r"(?:(?:gash|cut|split|bleeding|blood|lump|wound|egg|bump)(?: \w+){0,3} (?:on|to|in|from|of) "
             r"(?:his|her|my|the|their) (?:head|forehead|skull|scalp|temple)|heads? (?:is )?bleeding|seeing double|"
             r"double vision|black eye\b(?:\W+\w+){0,3}?\W+(?:and |with )?(?:a )?(?:headache|head (?:is )?"
             r"(?:hurting|hurts|pounding))|"
             r"knocked (?:myself|himself|herself|themselves|me|him|her) out)", 14),
        r"\bknock\w* (?:myself|himself|herself|themselves) (?:out|unconscious)\b",
        r"\b(?:struck|knocked|caught|hit|banged|bumped|bashed|smacked|whacked|cracked) (?:\w+ ){0,2}?"
        r"(?:his|her|my|their) (?:head|forehead)\b"
        r"(?:\W+(?!(?:no|not|never|havent|hasnt|without|didnt|isnt|wasnt|nor|neither)\b)\w+){0,10}?\W+"
        r"(?:sick\b(?! of| and tired| to death)|vomit\w*|drowsy|confused|seeing double|headache|dizzy|bleeding)",
    ],
    "unresponsive": [
        near(r"shook|shake|shaking|wake|woke|waking|rouse|get a word|respond\w*|zonked|out of it|asleep",
             r"(?:just|only) (?:groans?|groaned|groaning|grunts?|grunted|grunting|moans?|moaned|moaning)", 10),
        r"\b(?:cant|can barely|can hardly|cannot|couldnt|struggling to|barely) (?:get|make) (?:him|her|them) "
        r"(?:to )?open (?:his|her|their) eyes\b",
        r"\b(?:he|she|hes|shes|they)\b(?:\W+\w+){0,4}?\W+(?:just )?lying there\W+(?:\w+\W+){0,2}?"
        r"(?:wont|isnt|not|doesnt|didnt) (?:respond\w*|moving|move|answer\w*)\b",
        r"\bisnt getting up\b(?:\W+\w+){0,8}?\W+snor\w* (?:\w+ ){0,3}(?:weird|strange|funny|odd)\b",
    ],
    "suicide": [
        r"\bif (?:only )?i had the (?:guts|nerve|courage|bottle|balls)\W+(?:\w+\W+){0,2}?(?:id|i would|i d) "
        r"(?:do it|end it|go through with it|finish it)\b",
        r"\b(?:sick|tired) of being alive\b",
        r"\bvoices? (?:\w+ ){0,3}(?:telling|tell|told|tells|saying|say|said|want|wants) (?:me|him|her|them) to "
        r"(?:finish|end|kill|hurt|jump|do it|die)\b",
        r"\b(?:wont|will not|dont|wouldnt) need (?:\w+ ){0,4}where (?:im|i am|hes|he is|shes|she is) going\b",
        r"\b(?:dont|do not|no longer) wish to (?:carry on|go on|continue|live|be here)\b"
        r"(?! (?:with|taking|on the|the|seeing|using|at))",
        r"\b(?:made|making|sorted|put in place) (?:all )?my (?:final )?arrangements\b"
        r"(?! (?:for|to|with|at)\b(?! (?:after|when|my funeral|the funeral|the end)\b))",
        r"\b(?:not sure|dont know if|doubt|dont think) (?:that )?(?:ill|i will|id|i would) (?:still )?be "
        r"(?:around|here|alive) (?:by then|much longer|for long|to see|next week|next month|tomorrow|"
        r"by (?:next|the))\b",
        r"\b(?:not sure|dont know if|doubt|dont think) (?:that )?(?:ill|i will|id|i would) (?:still )?be alive\b",
        r"\btired of (?:fighting|the fight|battling)\b(?! (?:with|over|about|for)\b)\W+(?:\w+\W+){0,3}?ready to go\b"
        r"(?! (?:to|elsewhere|somewhere|home|out|back|in|on|shopping|private)\b)",
    ],
    "self_harm": [
        rf"\bcarv\w* (?:\w+ ){{0,4}}(?:into|in|on) {POSS} {BODY}\b",
        r"\b(?:relaps\w*|back) on (?:the )?(?:blades?|razors?|cutting)\b",
        r"\bback to (?:cutting|self ?harm\w*|burning (?:myself|himself|herself)|the blades?|the razors?)\b",
        r"\b(?:going to|want to|need to|about to|will|gonna) cut (?:tonight|later|again)\b(?! (?:down|back))",
        r"\b(?:arms?|wrists?|thighs?|legs?) (?:are|is) (?:a )?(?:mess|cut to (?:bits|pieces|shreds)|shredded)\b"
        r"(?:\W+\w+){0,4}?\W+(?:long sleeves|sleeves|covered|hide|hiding)\b",
        r"\b(?:old )?habit\b(?:\W+\w+){0,2}?\W+(?:is |are )?back\W+(?:\w+\W+){0,2}?(?:arms?|wrists?|thighs?|legs?) "
        r"(?:are|is)\b",
        r"\bcuts\b(?:\W+\w+){0,4}?\W+(?:making|made|doing|did) (?:new|fresh|more) ones\b",
    ],
    "chest_pain": [
        r"\b(?:indigestion|heartburn|pain|ache|pressure|tightness|feeling)\b(?:\W+\w+){0,6}?\W+(?:going|spreading|"
        r"radiating|moving|shooting) (?:\w+ ){0,2}(?:into|down|up|to) (?:my|his|her) (?:left )?(?:neck|arm|jaw|"
        r"shoulder)\b(?:\W+\w+){0,6}?\W+sweat\w*",
    ],
    "extra_doses": [
        r"<THREE_AT>",
        rf"\b{INTAKE} (?:\w+ ){{0,2}}extra (?:\w+ ){{0,3}}(?:liquid morphine|oral morphine|syrup|linctus|{DRUGS})\b"
        r"(?! (?:prescri\w*|delivered|from the|at the|in the|to take|for the weekend|for holiday))",
        r"\b(?:\d+ ?(?:ml|mg|mls)|a dose|one|two|a spoonful|a syringe) extra\b(?:\W+\w+){0,6}?\W+"
        r"(?:[2-9]|two|three|four|five) times\b",
        # the same dose twice: "took my night tablets at teatime and then again at bed"
        rf"\b{INTAKE} (?:my|his|her|the) (?:morning|night|nighttime|evening|bedtime|lunchtime|teatime) (?:\w+ )?"
        rf"(?:{TAB}|dose|doses) (?:\w+ ){{0,3}}?(?:and )?then (?:\w+ )?again\b(?! (?:the next|next|tomorrow|the "
        r"following|on \w+day)\b)",
        rf"\b(?:{TAB}|{LIQUID}|{PATCH}|dose)\b(?:\W+\w+){{0,8}}?\W+gave (?:it|them|the \w+|her \w+|his \w+) "
        r"(?:to )?(?:her|him|them)? ?again\b",
        rf"\b(?:both|each|we both|both of us) (?:gave|given|give) (?:him|her|them) (?:his|her|their) (?:\w+ )?"
        rf"(?:{TAB}|{LIQUID}|{PATCH}|dose)\b",
        rf"\bdoubling up (?:on )?(?:the |my |his |her )?(?:\w+ )?(?:{DRUGS}|{TAB}|{PATCH}|{LIQUID}|doses?)\b",
        rf"\b{PATCH}\w*\b(?:\W+\w+){{0,6}}?\W+(?:[2-9]|two|three) on at (?:a|one|the same) time\b",
        r"(?#needs:paracetamol)\b(?:co ?codamol|cocodamol|co ?cods?|solpadol|zapain|tylex|co ?dydramol)\b"
        r"(?:\W+\w+){0,4}?\W+paracetamol\b(?:\W+\w+){0,4}?\W+(?:separately|of each|on top|as well)\b",
        rf"\b(?:swig\w*|glugg?\w*) (?:\w+ ){{0,2}}?(?:oramorph|oxynorm|morphine|{DRUGS})\b",
        rf"\b(?:oramorph|oxynorm|morphine|{DRUGS})\b(?:\W+\w+){{0,3}}?\W+whenever (?:i|he|she|they) "
        r"(?:feel like|want|fancy)\b",
        r"\b(?:went|gone|going) back (?:up )?to (?:my |his |her )?(?:old|previous|higher|original|full) (?:\w+ ){0,3}?"
        r"(?:dose|doses)\b(?:\W+\w+){0,4}?\W+without (?:telling|asking)\b",
        rf"\b(?:went|gone|going) back (?:up )?to (?:\d+|ten|twelve|eight|six) (?:\w+ )?{TAB} (?:a|per) day again\b",
    ],
}
for _name, _extra in _HELD_OUT_CLASSES.items():
    RULES[_name] = RULES[_name] + _extra


# Issue 14, session 22: indirect wording (images, habits, descriptions) as classes, each with its look-alikes
# in test_redflags_classes.py. Weight or grip said in an image ("a tonne of bricks", "like a vice").
CHEST_AREA = r"(?:che?sts?|breast ?bone|sternum|ribs|rib ?cage)"
WEIGHT = (r"(?:(?:tonne|ton|load|pile|sack) of (?:bricks|rocks|stones|lead|concrete|cement)|vice|vise|clamp|"
          r"heavy (?:weight|feeling|pressure)|something heavy|weight|heaviness|pressing|pressure|crushing|squeezing|"
          r"gripping|elephant|fist)")
# A squeeze or weight without the chest named, with a warning sign: "something heavy pressing on me ... down my arm".
PRESSED = (r"(?:indigestion|heartburn|heavy feeling|heaviness|something heavy|(?:pressing|pressure|weight) on me|"
           r"like a vice|in a vice|(?:tonne|ton|load) of bricks|crushing (?:pain|feeling)|squeezing (?:pain|feeling))")
HEART_SIGN = (r"(?:(?:going|spreading|shooting|radiating|moving|travelling|gone) (?:\w+ ){0,2}(?:into|down|up|to) "
              r"(?:my|his|her) (?:left )?(?:arm|jaw|neck|shoulder)|(?:arm|arms) (?:has |have |is |are )?(?:gone |"
              r"going |"
              r"feels? )?(?:dead|numb)|jaw|clammy|cold sweat|wringing wet|sweat\w*|drenched)")
# Ways people say they went down, for a fall with a head injury.
FALL = (r"(?:fell|fall|fallen|falling|tripped|slipped|tumbled?|took a (?:tumble|dive|fall|header)|went flying|"
        r"went (?:down|over)(?=\W*$|[.,;!?]| (?:in|on|at|hard|heavy|backwards|like a|outside|onto|with a (?:bang|thud|"
        r"crash)))|"
        r"arse over (?:tit|head|elbow)|lost (?:my|his|her|their) footing|came a cropper|hit the deck|collapsed|"
        r"keeled over|face ?planted|funny turn|landed)")
HEAD_SIGN = (r"(?<!no )(?<!not )(?<!without )(?<!without a )(?<!not a )(?<!no big )(?:gash|cut|split|bleeding|blood|"
             r"lump|wound|egg|bump)(?: \w+){0,5} (?:on|to|in|from|of) (?:his|her|my|the|"
             r"their) (?:head|forehead|skull|scalp|temple)|heads? (?:is )?(?:bleeding|split)|(?:head|nut|forehead|"
             r"skull)s? "
             r"(?:\w+ )?split (?:open|wide)|split (?:my|his|her|their) (?:head|nut|forehead) open|seeing double|"
             r"double vision|asking the same (?:question|thing)s?|repeating (?:himself|herself|myself|themselves)|"
             r"(?:doesnt|cant|didnt) remember (?:falling|the fall|what happened|hitting)|clear (?:fluid|stuff|liquid|"
             r"water) (?:\w+ ){0,2}(?:out of|from) (?:my|his|her|their) (?:nose|ears?)|headaches? (?:is |are |keeps? )?"
             r"(?:getting|got) worse")
ANTICOAG = (r"(?:blood thinners?|warfarin|apixaban|rivaroxaban|edoxaban|dabigatran|anticoagula\w*|clopidogrel|eliquis|"
            r"xarelto)")
DRINK = (r"(?:vodka|wine|gin|whisky|whiskey|rum|beer|lager|cider|cans|booze|drink|bevvy|bevvies|brandy|tequila|"
         r"jack daniels|spirits|bottle of red)")
SH_BODY = r"(?:arms?|wrists?|legs?|thighs?|stomach|belly|tummy|hips?|forearms?)"
NO_RESPONSE = (r"(?:nothing|no response|no reaction|not a (?:peep|flicker|murmur|thing)|(?:didnt|doesnt|wont|not) "
               r"(?:stir|stirring|move|moving|flinch|budge|wake|waking|react|reacting|respond|responding)|"
               r"just lying there)")

_S22_CLASSES: dict[str, list[str]] = {
    "chest_pain": [
        near(WEIGHT, r"(?<!off )(?<!off my )(?<!off your )(?<!off his )(?<!off her )" + CHEST_AREA, 6),
        near(PRESSED, HEART_SIGN, 12),
        r"\b(?:pain|ache|aching|hurts?|hurting|tight\w*|heav\w*|burning) (?:\w+ ){0,3}(?:behind|under|in) "
        r"(?:my |his |her |the )?(?:breast ?bone|sternum)\b",
    ],
    "breathing": [
        r"\bdrowning (?:on (?:dry )?land|out of water|in (?:my|his|her|their) own (?:lungs|chest|phlegm|fluid))\b",
        r"\b(?:breath\w*|air|inhal\w*)\b(?:\W+\w+){0,6}?\W+(?:through|thru) a (?:\w+ )?(?:straw|stirrer|cocktail stick|"
        r"pin ?hole|tube|wet (?:towel|flannel|cloth)|pillow)\b",
        r"\blungs? (?:\w+ ){0,2}(?:wont|cant|dont|arent|isnt|wouldnt|not) (?:\w+ )?(?:fill|inflate|expand|open up|"
        r"work)\b",
        r"\blungs? (?:\w+ ){0,2}(?:full of (?:water|fluid|concrete|sand|cement)|like (?:\w+ )?(?:concrete|lead|"
        r"cement))\b",
        near(r"snor\w*|breath\w*", r"(?:gaps?|pauses?|stops?|nothing) (?:\w+ ){0,2}between (?:each|every)(?: one| "
                                   r"breath)?",
             15),
        near(r"puffing(?! (?:on|away))|panting|gasping|wheezing|wheezy|breathless|out of breath|fighting for breath",
             r"(?:just )?(?:sat|sitting|lying|laid|laying) (?:here|there|down|still|on the (?:settee|sofa|couch|bed|"
             r"chair)|"
             r"in (?:bed|the chair|my chair))|at rest|doing nothing|not even moving|havent moved", 8),
        r"\b(?:wheez\w*|breathless\w*|breathing|breath|puffing|panting|gasping)\b(?:\W+\w+){0,8}?\W+(?:getting|gets|"
        r"going) (?:worse|bad) (?:by the (?:minute|hour|second)|and worse|fast|quickly|rapidly)\b",
    ],
    "unresponsive": [
        r"\b(?:like|gone like|went like) a (?:rag ?doll|sack of (?:potatoes|spuds|coal))\b",
        r"\b(?:cant|cannot|unable to|struggling to|trying to|tried to|wont|couldnt) (?:\w+ )?bring (?:him|her|them|"
        r"\w+) "
        r"(?:round|around)\b(?! (?:for|to|tomorrow|today|later|tonight|at (?!all)|on|here|ours|mine))",
        r"\b(?:shouting|shouted|yelling|yelled|shaking|shook|shaken|pinched|pinching|prodding|prodded|nudged|nudging|"
        r"slapped|slapping|rubbed|rubbing) (?:at )?(?:him|her|them|(?:his|her|their) (?:hand|arm|face|cheek|shoulder|"
        rf"chest|name))\b(?:\W+\w+){{0,5}}?\W+{NO_RESPONSE}\b",
        r"\btoo (?:drowsy|dozy|out of it|sleepy) to (?:sit|stand|stay awake|hold|open|swallow|drink|answer|respond|"
        r"keep (?:his|her|my|their) (?:eyes|head))\b",
    ],
    "self_harm": [
        r"\b(?:got|get|getting|took|had|have) (?:the |my |a )?(?:razors?|blades?|knife|knives|sharpener|compass) "
        r"(?:back )?out (?:again|tonight|last night)\b",
        r"(?<!shoulder )(?<!mower )(?<!fan )(?<!wiper )(?<!skate )(?<!turbine )(?<!razor )(?<!saw )\bblades\b"
        r"(?! of grass| for (?:the|my) (?:mower|razor|shaver|fan|skates?)| on (?:the|my) (?:mower|fan|blender))",
        rf"\b(?:fresh|new|deep|red|raw|open) (?:lines|cuts|slashes|gashes|scratches|burns|"
        rf"slices)\b(?:\W+\w+){{0,3}}?\W+"
        rf"(?:on |across |down |up |all over |in )?{POSS} {SH_BODY}\b",
        rf"\b{SH_BODY}\b(?:\W+\w+){{0,3}}?\W+(?:covered in|full of|all|criss ?crossed with) (?:fresh |new |red |deep )?"
        r"(?:lines|slices|gashes|nicks)\b",
        rf"\b(?:made|making|make) (?:a |such a )?(?:right |real |proper |bloody |total |complete )?(?:mess|state) of "
        rf"{POSS} (?:\w+ )?(?:{SH_BODY}|skin|body)\b",
        r"(?#needs:to see if|to check if)\b(?:press\w*|push\w*|held|holding|put|putting|burn\w*|cut|cutting|stab\w*|"
        r"scald\w*|hit|"
        r"hitting)\b(?! (?:him|her|them|you|the (?:dog|cat|car|ball))\b)(?:\W+\w+){0,8}?\W+to (?:see|check) if "
        r"(?:i|id|it|i would|i could|i can|i still) (?:still )?(?:feel|hurt|bleed)\b",
        r"\b(?:held|holding|hold|put|putting|pressed|pressing|kept|keeping|rested) (?:my|his|her|their) (?:\w+ "
        r")?(?:hand|"
        r"hands|arm|arms|fingers?|palm|wrist|leg|foot) (?:\w+ ){0,2}?(?:on|onto|over|against|in|under) (?:the |a )?"
        r"(?:hot |lit |boiling |gas )?(?:hob|hob ring|ring|flame|fire|iron|kettle|oven|grill|candle|boiling water|"
        r"lighter)\b",
        r"\btook (?:it|things|everything|(?:my|the) (?:anger|frustration|pain)) out on (?:my|his|her|their) (?:own )?"
        r"(?:hands?|arms?|body|legs?|skin|wrists?|knuckles|face|head)\b",
    ],
    "suicide": [
        near(r"(?:gave|given|giving|rehomed|rehoming|found a (?:new )?home for) (?:away )?(?:the|my|our) (?:dog|cat|"
             r"dogs|"
             r"cats|pets?|budgie|rabbit)|sorted (?:out )?(?:my|all my) (?:bank|banking|finances|money|accounts|affairs|"
             r"passwords|funeral)",
             r"(?:wont|will not|shant) (?:be )?need(?:ing)? (?:your|the|any|these|my|them|you|anything|any more|"
             r"anymore)|wont be (?:here|around)|last time|goodbye|after (?:this week|tonight|today)", 25),
        r"\b(?:wont|will not|shant) (?:be )?need(?:ing)? (?:\w+ ){0,2}(?:calls|texts|appointments|check ?ins?|help|"
        r"support|prescriptions?|reviews|visits) (?:\w+ ){0,2}?(?:after|from|beyond|past) (?:this|tonight|today|"
        r"tomorrow|the weekend|friday|\w+day)\b(?!.*\b(?:as|because|since|moving|move|finished|off the|stopped|"
        r"discharged|transfer\w*|new|holiday|away|better|done with the)\b)",
        r"\bif i (?:just |simply |only |really )(?:wasnt|werent|was not) (?:here|around|alive|about)\b|"
        r"\bif i (?:just |simply |only )(?:was|were) (?:gone|dead|not here|not around)\b|"
        r"\bif i (?:just |simply )?(?:disappeared|vanished|didnt wake up)\b",
    ],
    "vomiting": [
        r"\b(?:sip|sips|mouthful|mouthfuls|drop|drink|drinks|water|squash|juice|tea|fluids?|food|ice chips|dioralyte)\b"
        r"(?: \w+){0,5}? (?:comes?|came|coming) (?:straight |right |all |just )?(?:back up|straight back(?: up)?|"
        r"straight up|right back(?: up)?|up again|back out)\b",
        r"(?#needs:hugging|hugged|living on|stuck on|glued to)"
        r"\b(?:hugging|hugged|living on|stuck on|glued to) (?:the )?(?:toilet|loo|bowl|porcelain|sick bowl)\b"
        r"(?:\W+\w+){0,4}?\W+(?:(?:\d+|two|three|four|five|a few|a couple of|couple of|several) (?:days|nights)|"
        r"since (?:yesterday|last night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend))\b",
        r"\b(?:blood|red|bloody|dark red|black bits|brown bits) (?:\w+ )?(?:in|through) (?:the |his |her |my |their )?"
        r"(?:sick|vomit|sick bowl|sick bucket)\b",
        r"\b(?:sick|vomit) (?:is|was|looks|looked) (?:\w+ )?(?:red|bloody|black|dark brown|like (?:blood|coffee))\b",
        r"\b(?:chuck\w* up|chucking|bringing up|brought up|boaking|vomiting)\b(?:\W+\w+){0,3}?\W+(?:since (?:\w+ "
        r"){0,2}?"
        r"(?:yesterday|last night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d+ days|the weekend)|for "
        r"(?:\d+|two|three|four|five|a few|a couple of|couple of|several) days|(?:\d+|two|three|four|five|a few|"
        r"several) days (?:now|straight|solid|running))\b",
        r"\b(?:bring\w*|brought|chuck\w*|cough\w*|sick\w*|spew\w*|puk\w*|throw\w*|threw|heav\w*) up (?:\w+ )?"
        r"(?:blood|bloody)\b",
    ],
    "severe_withdrawal": [
        r"\b(?:people|kids|children|men|women|a man|a woman|a child|a girl|a boy|someone|somebody|things|faces|"
        r"figures|shadows|animals|bugs|spiders|insects|dogs|cats|rats|snakes)\b(?:\W+\w+){0,8}?\W+(?:that|which|who|"
        r"and) (?:nobody|no one|noone|(?:my|the|his|her) \w+|he|she|they|anyone) (?:else )?(?:cant|cannot|couldnt|"
        r"doesnt|didnt|dont|wont) see\b",
        r"\b(?:that|which|who) (?:nobody|no one|noone) (?:else )?(?:can|could) see\b",
        r"\b(?:walls?|ceiling|wallpaper|curtains|carpet|patterns?) (?:\w+ )?(?:are |is |keep |keeps |was |were )?"
        r"(?:moving|breathing|melting|wriggling|swirling|wobbling)\b(?! (?:in|out|along|forward|on|house|office))",
        near(r"(?:crawling|creeping|bugs|insects|ants|things) (?:\w+ ){0,2}(?:on|under|over|across|all over) "
             r"(?:my|his|her|their) skin|skin (?:is |keeps )?crawling",
             rf"(?:off|stopped|stopping|quit|came off|coming off|without) (?:\w+ ){{0,2}}?(?:the |my |his |her "
             rf")?(?:{DRUGS}|{TAB}|"
             rf"{PATCH}|{LIQUID})|cold turkey|withdraw\w*|clucking|rattling", 14),
        near(r"cold turkey", r"sweat\w*|kicking|legs wont stop|both ends|cant stop|climbing the walls|crawling", 12),
        r"\b(?:doesnt|dont|didnt|does not|did not) know who (?:im|hes|shes|we are|they are)\b",
    ],
    "extra_doses": [
        rf"\b{INTAKE}\b(?:\W+\w+){{0,8}}?\W+(?:by mistake|by accident|accidentally)\W+(?:\w+\W+){{0,2}}?(?:as well|"
        r"too|on top|again)\b",
        rf"\b(?:took|taken|had|gave|given|swallowed|used|put on|stuck on)\b(?:\W+\w+){{0,8}}?\W+as well as (?:the|my|"
        rf"his|"
        r"her|their) (?:morning|evening|night|nighttime|lunchtime|bedtime|teatime|usual|normal|regular|own|prescribed) "
        rf"(?:one|ones|dose|doses|{TAB})\b",
        rf"(?#needs:every|hourly)\b(?:{INTAKE}|having|been having)\b(?:\W+\w+){{0,5}}?\W+ones\b(?:\W+\w+){{0,4}}?\W+"
        r"(?:every (?:hour|half (?:an )?hour|\d+ ?(?:mins?|minutes)|(?:1|one|an|couple of) hours?)|hourly)\b",
        r"\b(?:dose|doses|amount)\b (?:and|plus) (?:then some|a bit (?:more|extra)|some extra|a few (?:more|extra)|"
        r"more on top)\b",
        rf"\b(?:add|added|adding|mixed|mixing|chucked|put) (?:\w+ ){{0,3}}?(?:{DRUGS}|{TAB}|{LIQUID}|{PATCH})s? (?:in "
        rf")?"
        r"(?:to|into|in with|on top of) (?:my|his|her|their) (?:own|usual|normal|prescribed|regular)\b",
        rf"\b(?:top ?up|dose|another one|one more|{TAB}|{LIQUID})\b(?:\W+\w+){{0,6}}?\W+then "
        rf"another\W+(?:\w+\W+){{0,2}}?"
        r"(?:then another|and another)\b",
        r"\b(?:gave|given|giving) (?:myself|himself|herself) (?:a |another )?(?:\w+ )?top ?up\b",
        rf"\b(?:old|used|previous|last|other) (?:one|{PATCH}|patch\w*) back on\b(?!.*\b(?:fell off|came off|wouldnt "
        r"stick|peeled off|dropped off)\b)",
    ],
    "overdose": [
        "<SUPPLY_ALL_GONE>",
        rf"(?#needs:vodka|wine|gin|whisky|whiskey|rum|beer|lager|cider|cans|booze|drink|bevv|brandy|tequila|"
        rf"jack daniels|spirits|bottle of red)\b(?:{TAB}|{LIQUID}|{PATCH})s?\b(?:\W+\w+){{0,6}}?\W+(?:all gone|gone|"
        rf"all of (?:it|them)|the lot|every last "
        rf"one|the whole lot)\b(?:\W+\w+){{0,6}}?\W+(?:with|and|washed down with|on top of) (?:\w+ ){{0,4}}?{DRINK}\b",
        near(rf"{TAB}", r"(?:cant|dont|couldnt) (?:remember|recall) how many(?! (?:\w+ ){0,3}(?:supposed|meant|should|"
             r"allowed|prescribed|to take|i need|im on|a day|left|in the|there are|come in))|lost count|no idea how "
             r"many"
             r"(?! (?:\w+ ){0,3}(?:supposed|meant|should|allowed|to take|a day|left|in the))", 10),
    ],
    "head_injury": [
        r"\blanded (?:\w+ ){0,2}?(?:on|onto) (?:my|his|her|their|the back of (?:my|his|her|their)) (?:head|forehead|"
        r"skull)\b",
        near(FALL, HEAD_SIGN, 14),
        near(r"head|forehead|skull|fell|fall|tripped|slipped", r"(?:was|got|been|were|is|am|im) knocked (?:out|"
             r"unconscious|clean out|spark out)(?! (?:of|by the (?:anaesthetic|tablets|pills|meds|medication|"
             r"sleeping)))",
             10),
        r"\b(?:banged|hit|bashed|cracked|smacked|knocked|whacked|bumped|clonked|clattered) (?:\w+ ){0,2}?(?:my|his|her|"
        r"their) (?:head|forehead|skull)\b(?:\W+\w+){0,3}?\W+(?:when|as|after|while|because) (?:i|he|she|they|\w+) "
        r"(?:fell|tripped|slipped|collapsed|went down|fainted|blacked out|passed out)\b",
        near(r"forehead|skull|scalp", ANTICOAG, 12),
        "<FALL_ANTICOAG_BLEEDING>",
    ],
    "allergic_reaction": [
        "(?#needs:like|look like|looks like)" + near(
            r"(?:lips|tongue|face|eyes|eyelids|mouth|throat) (?:\w+ ){0,3}?(?:like|look like|looks like) (?:a |an |"
             r"two |"
             r"big )?(?:blow ?up doll|balloons?|sausages?|footballs?|golf balls?|trout|rubber rings?|inner tubes?|"
             r"slugs?|puffer ?fish|melons?|hamster)\w*",
             rf"since (?:\w+ ){{0,2}}?(?:new|started|start\w*|took|taking|had)|new (?:tablets?|pills?|meds|medication|"
             rf"medicine|capsules?|patch|prescription)|{DRUGS}|{TAB}", 10),
        r"\b(?:cant|cannot|struggling to|hard to|can barely|can hardly|unable to|not able to|trouble) (?:get|swallow|"
        r"swallowing) (?:my |me |his |her )?(?:own )?(?:spit|saliva|spittle)\b",
        r"\bneck (?:\w+ ){0,2}(?:thick|thicker|closing)\b",
    ],
}
for _name, _extra in _S22_CLASSES.items():
    RULES[_name] = RULES[_name] + _extra

# Session 22, second round (the fresh set D5's open classes, each as a class with look-alikes in the tests).
DAYS = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|weds|thurs|fri|sat|sun|tomorrow|"
        r"the next day|next week|the day after|tonight)s?")
RESTING = (r"(?:just )?(?:sat|sitting|lying|laid|laying) (?:\w+ )?(?:in|on) (?:the|his|her|my|their) (?:chair|armchair|"
           r"settee|sofa|couch|bed)|(?:sat|sitting) (?:here|there|down|still)|(?:lying|laid|laying) in bed")
AGITATED = (r"pacing|pulling at (?:his|her|my|their) (?:clothes|hair|skin)|screaming at|tearing the (?:house|place) "
            r"apart|"
            r"lashing out|agitated|paranoid|climbing the walls|cant sit still|going to explode|(?:saying|says|thinks|"
            r"convinced) (?:were|we are|theyre|people are|everyone is|someone is) (?:poisoning|trying to|after|out to)")
STOPPED = (rf"(?:stopped|stopping|quit|came off|coming off|ran out of|run out of|without|no) (?:\w+ ){{0,2}}?(?:the |"
           rf"my |his |"
           rf"her |"
           rf"their )?(?:{DRUGS}|{TAB}|{PATCH}|{LIQUID}|lot)|cold turkey|off the (?:\w+ )?(?:{DRUGS}|{TAB}|{PATCH})|"
           r"(?:patch|patches) came off")
_S22_MORE: dict[str, list[str]] = {
    "overdose": [
        rf"\blost track of (?:the |my |how many )?(?:\w+ )?(?:{TAB}|doses|ive taken|ive had|i took)\b",
        near(r"(?:packet|packets|box|boxes|bottle|strip|strips|dosette|blister)s? (?:is |are |was |now )?(?:all )?"
             r"empty",
             rf"{DRINK}|a few glasses|sleepy|drowsy|dropping off|wont wake|all \d+|lost track|came today|came "
             r"yesterday|new prescription", 20),
        rf"\bgot into (?:(?:my|his|her|their|the|\w+s) ){{1,2}}(?:\w+ )?(?:dosette|{TAB}|{PATCH}|{LIQUID})\b",
        near(r"(?:ive|i have|i|hes|shes|he has|she has) (?:gone and |just )?(?:done|did) something (?:daft|stupid|"
             r"silly|"
             r"bad|dangerous)", rf"{TAB}|{DRINK}|myself|blood", 12),
    ],
    "extra_doses": [
        rf"\b{INTAKE}\b(?:\W+\w+){{0,6}}?\W+(?:and )?then (?:an? )?(?:extra|another|more|a further) (?:\d+|one|two|"
        rf"three|"
        r"couple|few|dose|lot|ones?)\b",
        r"\b(?:had|took|taken|taking|having|swallowed) (?:\w+ ){0,2}?(?:tomorrows|the next days|next weeks|the day "
        r"afters)"
        r"\b(?! (?:appointment|dinner|tea|match|game|shift|plan|paper|weather|clinic|group|session|party))",
        rf"\b(?:had|took|taken|swallowed|having|taking) (?:\w+ )?(?:mon|tues|wednes|thurs|fri|satur|sun)days "
        rf"(?:{TAB}|dose|doses|ones|lot|strip|section)\b(?:\W+\w+){{0,3}}?\W+(?:as well|too|already|early|today|"
        r"on top)\b",
        r"\b(?:dipping|dipped|dip|been|gone|went|started) into (?:\w+ ){0,2}?(?:tomorrows|the next days|next weeks|"
        r"the day afters|(?:mon|tues|wednes|thurs|fri|satur|sun)days)\b",
        rf"\b{DAYS} (?:and|&|to|through|till) {DAYS}\b(?:\W+\w+){{0,3}}?\W+(?:are |is )?(?:both |all )?(?:gone|empty|"
        r"taken)\b(?! (?:in|from|on) (?:the|my) (?:diary|calendar|planner|rota))",
        rf"\b{INTAKE} (?:my|his|her|the) (?:morning|night|nighttime|evening|bedtime|lunchtime|teatime|dinnertime|"
        rf"\d+ ?(?:oclock|am|pm)) (?:\w+ )?(?:{TAB}|dose|doses|ones?|lot)\b(?:\W+\w+){{0,5}}?\W+(?:and )?then "
        r"(?:\w+ )?again\b(?! (?:the next|next|tomorrow|the following|on \w+day|i|its|it|you|we)\b)",
        rf"\b{PATCH}\w* on (?:both|each) (?:arms?|shoulders?|sides|legs|of my arms)\b|\b(?:a|one) {PATCH} on "
        r"(?:each|both)\b",
        rf"\b(?:{LIQUID}|{DRUGS})\b(?:\W+\w+){{0,4}}?\W+(?:[6-9]|1\d|six|seven|eight|nine|ten|twelve)(?: or "
        r"(?:\d+|seven|eight|nine|ten))? times (?:today|since|this morning|already|tonight|yesterday|so far)\b",
        rf"\b(?:changed|changing|put on|stuck on|new) (?:my |the |his |her )?(?:\w+ )?{PATCH}\b(?:\W+\w+){{0,6}}?\W+"
        r"(?:then|and) again\b",
    ],
    "breathing": [
        near(r"breaths|breathing|breathes", r"(?:[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven) "
             r"(?:breaths )?(?:in|a|per|every) (?:a |one )?min(?:ute)?", 8),
        r"\b(?:sat|sitting|pressing|weight|crushing|anvil|bricks?|stone|rock|elephant|heavy) (?:\w+ ){0,2}on (?:my|his|"
        r"her|their) lungs\b",
        r"\b(?:cant|can barely|can hardly|cannot|struggling to|unable to) (?:get|take|draw) (?:a |any )?(?:proper |"
        r"full |"
        r"deep |decent )?(?:lungful|breath|deep breath)\b",
        r"\b(?:gasps?|gasping|breaths?|snores?|snoring|snorts?)\b (?:\w+ ){0,3}then (?:nothing|silence|stops?|a long "
        r"pause|"
        r"a gap)\b",
        near(r"puffing(?! (?:on|away))|panting|gasping|wheezing|wheezy|breathless|out of breath|puffing and blowing",
             RESTING, 8),
        r"\b(?:cant|can barely|can hardly|struggling to|unable to) (?:get|say|speak|manage) (?:more than )?(?:a |two |"
        r"three |\d |a few )?(?:words?|sentences?) out\b(?! of)",
        r"\b(?:his|her|their|my)? ?colou?rs? (?:is |has gone |gone |looks )?(?:awful|terrible|horrible|dreadful|"
        r"shocking|ashen)\b",
    ],
    "unresponsive": [
        near(r"eyes (?:are )?half (?:open|closed)|slumped|sprawled|keeled over",
             r"not (?:saying|answering(?! (?:his|her|their|the|my) (?:phone|texts|messages|mobile))|responding|talking|"
             r"moving)|wont (?:answer|respond|talk|wake)|no answer|"
             r"on the (?:floor|landing|stairs|ground)|cant wake|not waking|eyes (?:half )?(?:open|closed)", 15),
        r"\bheads? (?:keeps |keep |kept |is |started |starts )(?:\w+ )?(?:lolling|lolled|flopping|flopped|drooping|"
        r"dropping forward|falling forward)\b",
        near(r"get (?:him|her|them|my \w+|\w+) up|shook|shake|wake|woke|rouse",
             r"just (?:groans?|grunts?|moans?|flops?)|flops (?:back|over)", 10),
        r"\bcant get (?:a word of sense|any sense|a word) (?:out of|from)\b",
        r"\b(?:pinched|pinching|shook|shaking|nudged|prodded) (?:him|her|them)\b(?:\W+\w+){6,8}?\W+(?:nothing|no "
        r"response|"
        r"no reaction|not a (?:peep|flicker|murmur))\b",
    ],
    "self_harm": [
        r"\b(?:go|gone|went|going|cut) (?:that|too|so|really|a bit too) deep\b(?! (?:into|in the|with|about|on)\b)",
        r"\b(?:razor|razors|blades?|knife|stanley knife)s? (?:is |are )?out\b(?! of| for| to)",
        rf"\b(?:locked|shut|barricaded) {REFL} in\b(?:\W+\w+){{0,6}}?\W+(?:with|and has|got) (?:a |the |some |his |"
        rf"her |"
        r"my )?(?:\w+ )?(?:knife|knives|blades?|razors?|rope|tablets|pills|scissors|glass|belt|cord)\b",
        rf"\b(?:went|go|going|gone|goes) at (?:{REFL}|{POSS} (?:\w+ )?{BODY}) (?:\w+ ){{0,2}}?(?:with|using)\b",
        rf"\b{POSS} {SH_BODY} (?:are |is |were |was )?(?:all )?(?:scored|slashed|sliced|cut up|cut to (?:bits|ribbons|"
        r"pieces)|shredded|torn up|gouged)\b",
        rf"\b(?:scored|scoring|gouged|gouging|sliced|slicing|nicked|nicking) (?:{REFL}|{POSS} {SH_BODY})\b",
        r"\b(?:cuts|wounds|marks|burns) (?:that )?(?:i|he|she|they) (?:made|did|gave (?:myself|himself|herself))\b",
        r"\b(?:hiding|hidden|hid|stashing|stashed) (?:\w+ ){0,2}?(?:broken glass|blades|razor blades|razors|shards|"
        r"a blade|a razor|sharps)\b",
    ],
    "suicide": [
        near(r"(?:left|gave|given|taken) (?:the|my|our) (?:dog|cat|dogs|cats|pets?) (?:with|to)|sorted (?:out "
             r")?(?:the|my) "
             r"will|(?:everything|everythings|affairs) (?:is |are )?in order",
             r"wont be (?:needing|here|around)|goodbye|last time|tired of fighting|had enough|cant go on|ready to go|"
             r"take care of (?:yourself|them|him|her)|look after (?:him|her|them|the kids|the dog)|love you all|"
             r"thank you for everything|sorry for everything", 25),
        near(r"thank you for everything|thanks for everything|sorry for everything",
             r"wont be (?:needing|here|around)|take care of yourself|goodbye|for the last time", 20),
        rf"\btell (?:my |our |the )?(?:girls|boys|lads|grandkids|grandchildren|little ones|{PERSON}) (?:that )?"
        r"(?:i love (?:them|him|her|you)|im sorry|sorry)\b(?!(?: (?:him|her|them|you))? (?:new|haircut|dress|present|"
        r"card|cake|drawing|painting|gift|flowers|photo|pictures?|jumper)\b)",
        r"\b(?:im|i am|time to|ready to|going to|gonna) check(?:ing)? out\b(?! (?:of|at|the|from|tomorrow|today|on|by|"
        r"this|that|some|your|my|a)\b)",
        r"\bhad enough of being (?:here|alive|on this earth)\b",
        r"\b(?:know|knows|remember|understand) (?:that )?(?:its not|it is not|this is not|it was not|it isnt|its|"
        r"this isnt|it wasnt) (?:not )?(?:their|your|his|her|anyones|"
        r"any of your) fault\b",
    ],
    "chest_pain": [
        near(r"clutching (?:at )?(?:himself|herself|myself|his chest|her chest|my chest|his heart|her heart)|"
             r"grabbing (?:at )?(?:his|her|my) (?:chest|heart)", HEART_SIGN, 12),
        r"\bhearts? (?:is |feels |feel |like its )?(?:\w+ ){0,2}(?:in a (?:fist|vice|vise|clamp)|being (?:squeezed|"
        r"crushed|gripped))\b",
        near(r"(?:ache|aching|pain|pains|tightness|pressure) (?:\w+ ){0,3}(?:throat|left shoulder|left arm|jaw)",
             r"clammy|cold sweat|faint|grey|gray", 12),
        near(r"burning (?:right )?through (?:me|to my back)|between (?:my|the) shoulder blades|(?:weight|heaviness|"
             r"pressure|heavy \w+) (?:in|on) the middle of (?:me|my chest)|like a vice|in a vice",
             r"(?:arm|arms) (?:\w+ ){0,2}(?:tingl\w*|pins and needles|heavy|dead|numb|doesnt feel like (?:mine|my "
             r"own))|"
             r"arm tingles|sweat\w*|clammy|cold sweat|faint", 14),
        "(?#needs:brick|stone|rock)" + near(
            r"(?:a |big |heavy )?bricks?|(?:a |big |heavy )?(?:stone|rock)", r"che?sts?|ticker", 6),
        near(WEIGHT, r"ticker|middle of (?:me|my chest)", 6),
    ],
    "vomiting": [
        r"(?#needs:red|blood|bloody|black|brown)"
        r"\b(?:sick|vomit|sick bowl|sick bucket)s? (?:has |have |had |got |is |was |with )?(?:\w+ )?(?:red|blood|"
        r"bloody|"
        r"black|brown)(?: \w+)? in (?:it|them)\b",
        r"\b(?:sick|vomit) (?:is |was |\w+ )?(?:bright red|dark red|bloody)\b",
        r"\b(?:come|came|comes|coming|brought|bringing) up (?:is |was |looks )?(?:\w+ )?(?:dark brown|black|gritty|"
        r"grainy|"
        r"like (?:coffee|tar|soil|blood))\b",
        r"\b(?:brought|bringing|threw|throwing|sick\w*|vomit\w*|chuck\w*|puk\w*) up (?:what (?:looked|looks|look) like|"
        r"something like) (?:\w+ )?(?:red wine|blood|coffee|tar|soil)\b",
        r"\b(?:emptied|emptying) (?:my|his|her|their) (?:stomach|guts)\b(?:\W+\w+){0,3}?\W+(?:(?:[5-9]|\d\d|a dozen|"
        r"dozens of|ten|twenty|loads of|so many|countless) times|all (?:day|night))",
        r"\b(?:chuck\w* up|chucking|being sick|been sick|throwing up|vomiting|puking|spewing)\b (?:\w+ )?every (?:half "
        r"(?:an )?hour|hour|\d+ (?:mins|minutes)|few minutes)\b",
        rf"\b(?:{TAB}|anti sickness \w+)\b(?: \w+){{0,3}}? (?:comes?|came|coming) (?:straight |right |all |just )?"
        r"(?:back up|straight back(?: up)?|straight up|right back(?: up)?|up again)\b",
    ],
    "severe_withdrawal": [
        r"\b(?:uncontrollabl\w* (?:shaking|shakes|trembling|tremors|sweating|diarrh\w*)|(?:shaking|trembling|"
        r"twitching) "
        r"uncontrollabl\w*)\b",
        near(r"(?:since|after) (?:i |he |she |they )?(?:stopped|quit|came off|ran out of|run out of)|cold turkey|ran "
             r"out",
             r"uncontrollabl\w*|cant stop (?:shaking|trembling|juddering|sweating|being sick)|diarrh\w* every|"
             r"every half hour|both ends|climbing the walls|hallucinat\w*|seeing things|screaming|fits?|seizures?", 16),
        near(r"cold turkey", r"cant stop|bucket|trembling|juddering|flashes|both ends", 16),
        r"\bi know (?:theres nothing|there isnt|there arent|theyre not (?:there|real)|its not real|they arent (?:there|"
        r"real))\b",
        near(AGITATED, STOPPED, 20),
        r"\b(?:the )?(?:shadows|walls|pictures|faces|furniture)\b (?:are |is |keep |keeps )?(?:talking|whispering|"
        r"laughing at me|watching me)\b",
        r"\bshak\w* so (?:hard|violently)\b(?:\W+\w+){0,2}?\W+(?:i|he|she|they) (?:cant|couldnt) (?:hold|stand|walk|"
        r"grip)\b",
        near(r"(?:bit|bitten|biting) (?:my|his|her|their) tongue|tongue (?:is )?bleeding",
             r"turns?|epilep\w*|fit|fits|floor|wet (?:myself|himself|herself|themselves)|came round|jerk\w*|shaking",
             15),
        near(r"(?:woke|came round|came to|woken|found (?:myself|him|her|them)) (?:up )?on the (?:floor|ground|carpet|"
             r"bathroom floor|kitchen floor)",
             r"wet (?:myself|himself|herself|themselves)|tongue (?:is )?bleeding|bit (?:my|his|her|their) tongue|"
             r"bitten (?:my|his|her) tongue", 12),
        r"\bcant stop (?:juddering|trembling|twitching|kicking)\b",
    ],
    "allergic_reaction": [
        "(?#needs:like|look like|looks like|are like|is like)" + near(
            r"(?:lips|tongue|face|eyes|eyelids|mouth|throat|cheeks?) (?:\w+ ){0,3}?(?:like|look like|looks like|are "
             r"like|"
             r"is like) (?:a |an |two |big )?(?:duck|fish|rubber|pout|elephant man|hamster)\w*",
             rf"since (?:\w+ ){{0,2}}?(?:new|started|start\w*|took|taking|had)|new (?:ones|tablets?|pills?|meds|"
             rf"medication|"
             rf"medicine|capsules?|patch|prescription)|{DRUGS}|{TAB}", 12),
        r"\b(?:like|looks like|look like) (?:the )?elephant man\b",
        near(r"voice (?:has |is |gone |has gone )?(?:all )?(?:funny|hoarse|croaky|weird|strange|husky|muffled)",
             rf"since (?:\w+ ){{0,2}}?(?:new|started|start\w*|took|taking|had)|new (?:ones|tablets?|pills?|meds|"
             rf"medication|medicine|capsules?|patch)|{DRUGS}", 12),
        near(r"rash|welts|hives|blotches|nettle sting\w*",
             rf"(?:started|start\w*|began|new|took|taking|first) (?:\w+ ){{0,2}}?(?:{DRUGS}|{TAB})", 20),
        r"\b(?:puffed|puffing|puffy|swelled|swollen|swelling|blown) (?:\w+ ){0,4}?(?:round|around|in|on|under) (?:the |"
        r"her |his |my |their )?(?:face|eyes|lips|mouth|tongue|throat)\b",
        "(?#needs:tingl|fat|numb|fizzy|thick|down)" + near(
            r"(?:mouth|lips|tongue|throat)s? (?:is |are |feels? )?(?:all )?(?:\w+ )?(?:tingl\w*|fat|numb|fizzy|thick)|"
             r"(?:hard|difficult|struggling|cant|trouble) (?:to )?(?:get|swallow) (?:my |me |his |her |any )?(?:drink|"
             r"water|food|spit|saliva) down",
             rf"since|new|{DRUGS}|capsule|tablet|pill", 15),
    ],
    "head_injury": [
        "<FALL_HEAD_SYMPTOM>", "<KNOCK_ANTICOAG_BLEEDING>",
        near(FALL, r"(?:keeps?|kept) (?:being sick|vomiting|throwing up)|headache\w*(?:\W+\w+){0,3}?\W+(?:sick|"
             r"vomit\w*|drowsy|confused|dizzy)|seeing (?:two|double|2) of everything|blood (?:coming )?(?:from|out of) "
             r"(?:his|her|my|their) (?:ears?|nose)|heads? (?:is )?(?:thumping|pounding|banging|splitting)|words "
             r"(?:are |keep )?coming out wrong", 14),
        near(r"(?:woke up|came round|came to|found (?:him|her|them|myself)) (?:\w+ ){0,2}(?:at the bottom of the "
             r"stairs|on the floor|on the ground)|bottom of the stairs",
             r"lump|bump|gash|headache|head|sick|vomit\w*|bleeding|blood|dont remember", 12),
    ],
}
# Rules that also need (True) or must not have (False) a word anywhere in the text; the condition is checked after
# a match (see _COUNTED), as a lookahead tried at every position was slow.
_WITH_TEXT: dict[str, tuple[str, str, bool]] = {
    "<FALL_ANTICOAG_BLEEDING>": (near(FALL, ANTICOAG, 20), r"\b(?:blood\b(?! thinn)|bleed\w*|gash\w*|split)\b", True),
    "<FALL_HEAD_SYMPTOM>": (
        near(FALL, r"head|forehead|face ?first|head ?first|nut|skull|scalp|kerb|(?:her|his|my|their) face on", 12),
        r"\b(?:drowsy|sleepy|being sick|been sick|keep being sick|vomit\w*|confused|seeing double|bleeding|headache|"
        r"coming out wrong|slurr\w*|not making sense|not right|not herself|not himself)\b", True),
    "<KNOCK_ANTICOAG_BLEEDING>": (
        near(r"(?:clonked|conked|banged|bashed|hit|smacked|whacked|knocked|cracked|walloped) (?:myself|himself|herself|"
             r"my head|his head|her head)", ANTICOAG, 20),
        r"\b(?:gash\w*|bleed\w*|blood\b(?! thinn)|split|lump|bump|head|cut)\b", True),
    "<SUPPLY_ALL_GONE>": (
        near(r"new (?:prescription|box|bottle|supply|batch|packet|strip|script)|(?:collected|picked up|came|delivered|"
             r"arrived) (?:\w+ ){0,3}?(?:yesterday|today|this morning|last night)",
             r"(?:its |theyre |they are |it is |all |the lot |whole lot |everything )(?:all )?gone|every "
             r"(?:last|single) one|none left", 12),
        r"\b(?:pain|ache|headache|swelling|rash|sickness|nausea|cravings?|symptoms|itch\w*|sore\w*|money|cash)\b",
        False),
}
for _name, _extra in _S22_MORE.items():
    RULES[_name] = RULES[_name] + _extra

# Session 22, third round: classes from a sweep of new phrasings written for this round (none from any set).
_S22_SWEEP: dict[str, list[str]] = {
    "chest_pain": [
        r"\blike (?:\w+ ){0,4}?on (?:my|his|her|their) (?:chest|ribs|breast ?bone|sternum)\b",
        r"\b(?:pain|ache|aching|pressure|tightness|heaviness)\b(?:\W+\w+){0,6}?\W+down (?:my|his|her|their) left arm\b",
    ],
    "breathing": [
        r"\b(?:fighting|struggling|battling|gasping|working hard|labouring) for (?:every|each) (?:single )?breath\b",
        r"\bhear (?:him|her|them|his breathing|her breathing) (?:\w+ )?(?:rattling|gurgling|wheezing|gasping|"
        r"struggling)\b",
        r"\b(?:ribs|chest|tummy|neck|throat) (?:\w+ ){0,2}(?:sucking|sucks|pulling|pulls|caving|caves) in\b",
        near(r"breath\w*", r"like a fish|gulping", 4),
        r"\b(?:cant|can barely|can hardly|struggling to|unable to) (?:finish|complete|get through) (?:a |one |my |his |"
        r"her )?(?:sentence|sentences)\b|\bstopping for (?:air|breath)\b",
    ],
    "unresponsive": [
        near(r"like a zombie|glazed (?:over|eyes)|staring (?:into space|at nothing|blankly|through me)",
             r"not with (?:us|it)|not (?:answering|responding)|wont (?:answer|respond)|cant get (?:any sense|a word)|"
             r"like a zombie|staring", 8),
    ],
    "self_harm": [
        rf"\b(?:cut|slashed|sliced|slit|carved|scratched|burnt|burned|stabbed) (?:into )?{POSS} (?:\w+ )?(?:forearms?|"
        r"upper arms?|inner arms?)\b",
        near(r"(?:blood\w*|bloody) (?:tissues|towels|sheets|plasters|razors?)",
             r"(?:arms?|wrists?|legs?|thighs?) (?:are |is )?(?:all )?(?:covered|cut|marked)|long sleeves|hiding "
             r"(?:his|her|their) arms", 15),
    ],
    "suicide": [
        r"\b(?:researching|looking up|googling|googled|searching|searched|reading up on|read up on|looked up|checking)"
        r"\b (?:\w+ ){0,3}?how (?:much|many) (?:\w+ ){0,3}?(?:it takes|it would take|would kill|to kill|is (?:fatal|"
        r"lethal|deadly)|to die|would it take)\b",
        r"\b(?:keep|keeps|cant stop|been|always) (?:thinking|dreaming) about (?:the|that) (?:bridge|railway|tracks|"
        r"train line|cliffs?|edge|ledge|viaduct|roof|multi storey|motorway)\b",
        r"\bthe last (?:youll|you will|anyone will|you) (?:ever )?hear (?:from|of) me\b|\byou wont (?:ever )?hear "
        r"from me again\b",
    ],
    "extra_doses": [
        r"\b(?:[3-9]|three|four|five|six) times on top\b",
        rf"\b{INTAKE} (?:a|an|one|two|three|a few|a couple|couple|some|\d+) (?:of )?(?:\w+ )?extra\b(?! (?:fluids|"
        rf"water|"
        r"fibre|vitamins?|food|exercise|rest|sleep|fruit|veg|hours?|time|walks?|money|care|biscuits|cups?))",
        rf"(?#needs:mine|his own|her own|my own)"
        rf"\b(?:{TAB}|{PATCH}|{LIQUID}|{DRUGS})\w*\b(?:\W+\w+){{0,4}}?\W+(?:as well as|on top of|alongside|plus) "
        r"(?:mine|his own|her own|my own)\b",
    ],
    "vomiting": [
        r"(?#needs:keep|keeping|kept|hold|holding)"
        r"\b(?:cant|not|nothing|unable to|havent|hasnt|wont|cannot) (?:even )?(?:keep|keeping|kept|hold|holding) (?:a "
        r"drop of |a sip of |a mouthful of |any )?(?:water|fluids?|drinks?|food|tea|squash|a drop|a sip|anything|juice|"
        r"milk)(?: \w+)? (?:in|down)\b",
        near(r"sick|vomit\w*|puke|came up|brought up", r"black bits|like coffee|coffee (?:grounds|granules)|tar|bits "
                                                       r"of "
             r"blood", 8),
        r"\bnothings (?:staying|stays|stayed|stopping|stopped) (?:down|in)\b",
    ],
    "severe_withdrawal": [
        r"\b(?:whole body|body|all over) (?:is |keeps |keep |started |wont stop )?(?:jerking|twitching|spasming|"
        r"convulsing)\b",
        r"\b(?:theres|there is|there are|theyre) (?:someone|somebody|people|men|a man|kids|children|things|bugs)\b"
        r"(?:\W+\w+){0,5}?\W+(?:there isnt|there arent|theres not|nobody there|no one there|theres nobody|theres no "
        r"one)\b",
        near(r"convinced (?:theres|there is|there are) (?:someone|somebody|people|men|a man)", STOPPED, 20),
    ],
    "allergic_reaction": [
        r"\beyes? (?:are |is )?(?:so |really |very )?(?:swollen|puffy|puffed up) (?:\w+ ){0,4}(?:cant open|shut|"
        r"closed)\b",
        "(?#needs:swollen|puffy|puffed)" + near(r"eyes? (?:are |is )?(?:so |really |very )?(?:swollen|puffy|puffed up)",
             rf"since|new (?:tablets?|pills?|meds|medication|medicine|capsules?)|started|{DRUGS}", 12),
    ],
}
for _name, _extra in _S22_SWEEP.items():
    RULES[_name] = RULES[_name] + _extra

# Session 22, fourth round: a second sweep of new phrasings (plainer wording, other voices).
_S22_SWEEP2: dict[str, list[str]] = {
    "chest_pain": [
        r"\b(?:tight |heavy |iron |steel |metal )?band (?:round|around|across) (?:my|his|her|their|me|him) (?:chest|"
        r"ribs|"
        r"rib ?cage)\b",
    ],
    "breathing": [
        r"\bevery (?:single )?breath (?:is|sounds like|sounds) (?:a |an )?(?:whistle|wheeze|gasp|rattle|squeak)\b",
        near(r"gasping|panting|puffing and panting|puffing(?! (?:on|away))", r"(?:shes|hes|im|is|while|but) in bed|"
             r"at rest|not doing anything|doing nothing", 8),
        r"\bcant get (?:the |any |enough )?air (?:in|into)\b",
    ],
    "unresponsive": [
        rf"\bfound {PERSON} (?:\w+ ){{0,4}}(?:on the floor|in a heap|on the ground|collapsed)\b",
        r"\b(?:in a heap|crumpled|sprawled) on the (?:floor|ground|carpet|landing|stairs)\b",
    ],
    "self_harm": [
        r"\b(?:cant stop thinking|keep thinking|keeps thinking|been thinking) about (?:cutting|self ?harm\w*|hurting "
        r"(?:myself|himself|herself)|burning (?:myself|himself|herself))\b(?! (?:down|back|out|up|the|my|it|them|"
        r"dose)\b)",
    ],
    "suicide": [
        r"\bnothing (?:left )?to live for\b",
    ],
}
for _name, _extra in _S22_SWEEP2.items():
    RULES[_name] = RULES[_name] + _extra

# Session 22, fifth round: a third sweep, of indirect wording again (it scored the same with and without the s22
# rules so far: indirect wording generalises least).
_S22_SWEEP3: dict[str, list[str]] = {
    "chest_pain": [
        near(r"(?:rubbing|clutching|holding|grabbing|gripping|pressing on|thumping) (?:at )?(?:his|her|my|their) chest",
             r"sweat\w*|soaking|soaked|dripping|pouring|clammy|grey|pale|arm|jaw|heartburn|cant breathe|breathless",
             12),
        r"\bche?sts? (?:is |feels |was |feels like its )?(?:being )?(?:sat on|stood on|crushed|squashed|squished|"
        r"squeezed|pressed)\b",
        r"\bpain (?:\w+ ){0,3}(?:going |shooting |radiating |boring )?(?:right )?through to (?:my|his|her|their) "
        r"back\b",
    ],
    "breathing": [
        "(?#needs:crackl|bubbl|grunt|gurgl|rattl)" + near(
            r"crackl\w*|bubbl\w*|grunt\w*|gurgl\w*|rattl\w*", r"breathes|breathing|breath|breaths", 6),
        r"\bbreath\w* (?:\w+ ){0,2}(?:through|under) (?:water|treacle|mud|a pillow|a wet)\b",
        r"\bbreaths? (?:\w+ ){0,4}(?:far apart|few and far between|spaced out|further apart)\b",
        r"\b(?:have to|having to|had to|need to|needing to|can only) (?:sit|stand|prop (?:myself|him|her)|be propped) "
        r"up (?:\w+ ){0,3}(?:to|so i can|so he can|so she can) breathe\b",
        r"\bnostrils (?:are |keep |keeps )?flaring\b",
    ],
    "unresponsive": [
        r"\beyes (?:wont|will not|dont|do not|arent) (?:open|stay open|opening)\b",
    ],
    "self_harm": [
        near(r"old habits?|the habit|urges?", r"(?:arms?|wrists?|thighs?|legs?) (?:are|is) (?:a |in a )?(?:state|mess|"
             r"cut up|shredded)", 8),
    ],
    "suicide": [
        r"\bnot to (?:get on|catch|board|ride) (?:one|it|the train|a train)\b",
        r"\b(?:want|wants|wanted|wanting|ready|longing|long) to (?:join|be with) (?:my |her |his |their )?(?:late )?"
        r"(?:dad|mum|husband|wife|son|daughter|mam|nan|partner|him|her|them)\b(?:\W+\w+){0,3}?\W+(?:again|in heaven|"
        r"up there|wherever (?:he|she|they) (?:is|are))\b|\b(?:want|wants|wanted|wanting|ready|longing|long) to join "
        r"(?:my |her |his |their )?(?:late )?(?:dad|mum|husband|wife|son|daughter|mam|nan|partner)\b(?! (?:for|at|in|"
        r"on|tomorrow|today|tonight|next|this|when|and|on|the))",
        r"\bcant see (?:me|myself) (?:being |still )?(?:here|around|alive) (?:at|for|by|next|much|come)\b",
    ],
    "overdose": [
        r"\benough (?:\w+ )?to (?:knock out|kill|floor|put down|sedate|drop) (?:a |an )?(?:horse|elephant|rhino|bull|"
        r"cow|army)\b",
    ],
    "extra_doses": [
        r"\b(?:an? )?extra (?:one|tablet|dose|pill)s? (?:here and there|now and then|every now and again|most days|"
        r"every day|each day)\b",
        r"\b(?:been|keep|im|hes|shes|i|ive) doubling up\b(?! (?:with|in) (?:\w+ )?(?:laughter|laughing|pain|agony|"
        r"cramps?)| laughing)",
        rf"\b{INTAKE}\b(?:\W+\w+){{0,6}}?\W+then another\b(?! (?:look|go|try|day|week|time|way|thing|person|"
        r"appointment|call|coffee|tea|cup|walk)\b)",
        rf"\b(?:{TAB}|{LIQUID}|{DRUGS})\b(?:\W+\w+){{0,3}}?\W+like (?:its|theyre|they are|it is) going out of "
        rf"(?:fashion|"
        r"style)\b",
    ],
    "vomiting": [
        r"\beverythings (?:\w+ ){0,2}(?:coming|come|comes) (?:straight |right )?(?:back up|back out|straight back|"
        r"up)\b",
    ],
    "severe_withdrawal": [
        r"\b(?:people|someone|somebody|things|voices|kids|children|men|faces) (?:that|who) (?:arent|isnt|werent|wasnt) "
        r"(?:in the room|here|in the house)\b",
    ],
    "head_injury": ["<WALKED_INTO_SYMPTOM>"],
}
_WITH_TEXT["<WALKED_INTO_SYMPTOM>"] = (
    near(r"walked into|ran into|bashed into|banged into|smacked into", r"lump|bump|gash|egg", 10),
    r"\b(?:being sick|been sick|keeps? being sick|vomit\w*|drowsy|confused|seeing double|knocked out)\b", True)
for _name, _extra in _S22_SWEEP3.items():
    RULES[_name] = RULES[_name] + _extra

# Session 22, sixth round: a fourth sweep (mixed wording; it too scored the same with and without the s22 rules).
_S22_SWEEP4: dict[str, list[str]] = {
    "breathing": [
        near(r"breathing (?:\w+ ){0,4}?(?:like a|really (?:fast|hard|heavy))", RESTING + r"|at rest|doing nothing", 8),
        r"\blips (?:\w+ ){0,2}(?:pale|white|grey|gray)\b",
    ],
    "self_harm": [
        r"\b(?:done|did|doing) (?:my|his|her|their) (?:arms?|wrists?|legs?|thighs?|stomach|belly)\b(?:\W+\w+){0,2}?\W+"
        r"(?:again|with (?:a|the|my) (?:razor|blade|knife|scissors|lighter|compass))\b(?!.*\b(?:gym|exercises|"
        r"stretches|workout|physio|wax\w*|shav\w*|tan|cream|moisturi\w*|nails|tattoo)\b)",
        r"\b(?:opened|reopened|re opened|ripped|cut|picked) (?:up |open )?(?:my|his|her|the) (?:old )?(?:scars|wounds|"
        r"cuts|stitches)\b",
    ],
    "suicide": [
        r"\b(?:standing|stood|stand|sat|sitting|been) (?:right )?(?:at|on|near) the (?:edge|end) of (?:the|a) "
        r"(?:platform|bridge|cliff|roof|car park|multi storey)\b",
    ],
    "extra_doses": [
        rf"\b(?:gave|given|giving) (?:\w+ ){{0,4}}?(?:{TAB}|dose|doses|{LIQUID}|{PATCH}|ones?)\b(?:\W+\w+){{0,3}}?\W+"
        r"(?:twice|again|double)\b(?! (?:a|per|daily|each|every|weekly)\b)",
    ],
    "vomiting": [
        near(r"vomit\w*|being sick|been sick|throwing up|diarrh\w*", r"(?:havent|hasnt|not) (?:had a |been for a |"
                                                                     r"done a )?"
             r"(?:wee|pee|wees)|no wee|cant stand up|dizzy when (?:i|he|she) stand", 12),
    ],
    "severe_withdrawal": [
        near(r"shaking all over|shaking like a leaf|shaking badly", r"sweating buckets|pouring (?:with )?sweat|"
                                                                    r"drenched|"
             r"heart (?:racing|pounding|going like)", 8),
    ],
}
for _name, _extra in _S22_SWEEP4.items():
    RULES[_name] = RULES[_name] + _extra

# Session 22, seventh round: a fifth sweep (overdose, suicide and self-harm weighted).
_S22_SWEEP5: dict[str, list[str]] = {
    "overdose": [
        rf"\b(?:had|having) a (?:right |proper |real |good )?go at (?:the|my|his|her) (?:{TAB}|{LIQUID}|{DRUGS})\b",
        near(r"(?:nearly|almost|already) empty", r"(?:was|were|only|it was|they were) new|new (?:on|last|this)|only "
             r"(?:got|collected|picked up) (?:it|them)", 10),
        rf"\b(?:polished off|necked|downed|knocked back|scoffed|put away|finished off|emptied|went through) (?:the |"
        rf"my |"
        rf"all (?:the |my )?|a load of )?(?:\w+ )?(?:{TAB}|{LIQUID})\b(?:\W+\w+){{0,3}}?\W+(?:and|with|plus|washed "
        rf"down with) (?:\w+ ){{0,3}}?{DRINK}\b",
    ],
    "suicide": [
        r"\b(?:no|dont see the|cant see the|whats the|see no) point (?:in |of )?(?:waking up|wake up|getting up|"
        r"tomorrow|another day|me being here|being alive|existing)\b",
        r"\bgoing (?:to|down to|up to) the (?:bridge|cliffs?|viaduct|tracks|railway|river|multi storey|roof) "
        r"(?:tonight|"
        r"now|later|for the last time)\b",
        r"\bif i (?:dont|do not|never) (?:answer|reply|turn up|text back|respond|show up)\b(?:\W+\w+){0,3}?\W+(?:youll|"
        r"you will) know why\b",
    ],
    "breathing": [
        r"\bchoking on (?:his|her|my|their) own (?:breath|spit|saliva|tongue|sick|vomit)\b",
    ],
    "vomiting": [
        r"\b(?:sick|vomited|threw up|puked) every (?:half (?:an )?hour|hour|\d+ (?:mins|minutes)|few minutes)\b",
    ],
}
for _name, _extra in _S22_SWEEP5.items():
    RULES[_name] = RULES[_name] + _extra

# Session 22, eighth round: a sixth sweep (relatives and slang across the other categories).
_S22_SWEEP6: dict[str, list[str]] = {
    "overdose": [
        rf"\b{INTAKE} (?:some of |a few of |loads of |all )?(?:my )?(?:mums|mams|dads|nans|grandads|wifes|husbands|"
        rf"partners|brothers|sisters|mates) (?:\w+ )?(?:{TAB}|{LIQUID})\b(?:\W+\w+){{0,4}}?\W+(?:and|with|plus) "
        rf"(?:\w+ ){{0,2}}?{DRINK}\b",
    ],
    "chest_pain": [
        r"\b(?:band|belt|strap|chain)s? (?:of (?:iron|steel|metal) )?(?:round|around|across) (?:my|his|her|their|me|"
        r"him) "
        r"(?:chest|ribs)\b",
    ],
    "breathing": [
        r"\b(?:get|getting) (?:his |her |my |the )?words out\b(?:\W+\w+){0,3}?\W+between (?:breaths|gasps)\b",
    ],
    "unresponsive": [
        r"\bcant get (?:him|her|them|\w+) to (?:stir|budge|move|react|open (?:his|her|their) eyes)\b",
        r"\b(?:going|goes|went|drifting|drifts|dropping|drops|nodding|nods) off (?:\w+ )?(?:mid|in the middle of|while|"
        r"whilst) (?:\w+ )?(?:sentence|conversation|talking|eating|speaking|laugh\w*)\b",
        near(r"out of it|spaced out|away with it", r"cant (?:stand|talk|walk|speak|stay awake)", 6),
    ],
    "vomiting": [
        r"\b(?:retch\w*|vomit\w*) up (?:\w+ )?(?:blood|bloody)\b",
    ],
    "severe_withdrawal": [
        near(r"seeing (?:his|her|my|their) (?:dead|late) \w+|seeing (?:people|things|someone|kids|men|faces)", STOPPED,
             15),
    ],
    "extra_doses": [
        r"\b(?:took|had|taken|swallowed) (?:his|her|their|my) own (?:\w+ )?(?:and|then|as well as|plus) (?:then )?"
        r"(?:mine|his|hers|theirs)\b",
    ],
}
for _name, _extra in _S22_SWEEP6.items():
    RULES[_name] = RULES[_name] + _extra

# Session 22, tenth round: an eighth sweep of the most indirect wording (46.2% before it; 35.9% at 0c33abf).
_S22_SWEEP8: dict[str, list[str]] = {
    "chest_pain": [
        near(r"in (?:my|his|her|their) chest|chest (?:feels|is|was|hurts)", r"(?:making|made|makes) (?:me|him|her) "
             r"(?:sweat|clammy)|cold sweat|clammy|ashen|sweating buckets|pouring with sweat", 10),
        r"\b(?:like )?an? (?:clamp|vice|vise|fist|band|belt) (?:round|around|on|gripping|squeezing) (?:my|his|her) "
        r"(?:heart|chest|ribs)\b",
        near(PRESSED, r"(?:arm|arms) (?:\w+ ){0,2}(?:tingl\w*|pins and needles|heavy|dead|numb)", 12),
    ],
    "breathing": [
        r"\b(?:blowing|puffing|panting|wheezing|breathing) like (?:a |an )?(?:whale|steam train|train|bellows|dog)\b",
        near(r"sounds? like|noise like|like a (?:kettle|whistle|drain|crisp packet)", r"(?:when|as) (?:he|she|i|they) "
             r"breathes?", 6),
        r"\b(?:tummy|belly|stomach|chest|ribs)s? (?:is |are )?(?:going|moving|pumping|sucking) (?:in and out|up and "
        r"down) (?:\w+ )?(?:hard|fast|really)\b",
        near(r"breathing (?:really |very |so )?(?:fast|quick|rapid)", r"baby|tummy|ribs|grunting|blue|cant (?:feed|"
                                                                      r"talk)|"
             r"lips", 8),
    ],
    "unresponsive": [
        r"\blying there\b(?:\W+\w+){0,4}?\W+(?:wont|isnt|not|doesnt|didnt|cant) (?:respond\w*|moving|move|answer\w*|"
        r"wake|waking)\b",
        r"\bcant get through to (?:him|her|them)\b(?!.*\b(?:phone|line|mobile|call|ring|rang|voicemail|engaged)\b)",
        r"\b(?:had|having) a blackout\b",
    ],
    "self_harm": [
        near(r"gave in|gave into|caved|relapsed|the urge|urges", r"(?:used|using) (?:the|my|a) (?:razor|blade|blades|"
                                                                 r"knife|"
             r"lighter|compass|sharpener)", 10),
        r"\blet (?:myself|himself|herself) bleed\b",
    ],
    "suicide": [
        r"\b(?:planned|plan|planning) (?:\w+ ){0,2}for (?:when|after) (?:everyone|everybody|the kids|they|hes|shes|he|"
        r"she|"
        r"theyre)\w* (?:is |are |s )?(?:asleep|in bed|out|gone|at work|away)\b",
        r"\bsorry for what (?:im|i am|i) (?:about|going) to do\b",
        r"\b(?:dont|do not) let (?:the kids|my kids|the children|my children|my \w+|mum|dad|anyone|them) find me\b",
    ],
    "overdose": [
        rf"\b(?:munching|munched|crunching|eating|gobbling|popping|scoffing) (?:\w+ ){{0,3}}?(?:{TAB}|them)\b"
        r"(?:\W+\w+){0,2}?\W+like (?:sweets|smarties|tic tacs|candy)\b",
        rf"\b{INTAKE} (?:god knows|who knows|no idea|dont know) how many\b",
    ],
    "extra_doses": [
        r"\b(?:sneaking|sneaked|snuck|nicking) (?:an? |some |a few )?extra (?:ones?|tablets?|doses?|pills?)\b|\bextra "
        r"(?:ones|tablets|doses) all (?:week|day|night)\b",
        r"\b(?:forgot|forgetting|forgotten) (?:\w+ ){0,3}?(?:and |then )?(?:took|had|taken) (?:another|more|an extra|a "
        r"second|some more)\b",
        r"\b(?:upping|upped|increasing|increased|raising|raised|doubling|doubled) (?:it|them) (?:myself|himself|"
        r"herself|"
        r"on my own)\b|\bnow on double\b",
    ],
    "severe_withdrawal": [
        r"\btalking to (?:the wall|people|someone|somebody|nobody|no one|thin air|the corner)\b(?:\W+\w+){0,3}?\W+"
        r"(?:nobodys|nobody is|no ones|no one is|theres nobody|theres no one) there\b",
        near(r"blackout|blacked out|passed out", r"jerking|twitching|shaking|fitting|wet (?:myself|himself|herself)|"
             r"bit (?:my|his|her) tongue", 10),
    ],
}
for _name, _extra in _S22_SWEEP8.items():
    RULES[_name] = RULES[_name] + _extra

# Session 22, eleventh round: a ninth sweep of indirect wording (51.6% before it; 48.4% at 0c33abf).
_S22_SWEEP9: dict[str, list[str]] = {
    "chest_pain": [
        r"\bhearts? (?:is |feels |feel )?(?:\w+ ){0,2}(?:being )?(?:wrung|twisted)\b",
        near(r"boulder|anvil|slab|a brick|a rock|a stone", r"che?sts?|ribs|breast ?bone", 5),
    ],
    "breathing": [
        r"\bevery (?:single )?breath (?:\w+ ){0,2}(?:is|feels like|feels) (?:an? )?(?:effort|struggle|battle|fight|"
        r"work)\b",
        r"\bgulping (?:for )?(?:air|breath)\b",
    ],
    "self_harm": [
        r"\b(?:took|taking|take|takes) (?:it|things|everything|(?:my|the) (?:anger|frustration|pain)) out on (?:my|his|"
        r"her|their) (?:own )?(?:hands?|arms?|body|legs?|skin|wrists?|knuckles|face|head)\b",
        rf"\b{SH_BODY} (?:look|looks|are) like (?:a )?(?:road ?map|map|tram ?lines|barcode|ladder|zebra|railway|train "
        r"tracks?)\b(?!.*\b(?:veins?|tattoo\w*|stretch marks)\b)",
        r"\b(?:deep|badly|bad) enough to need (?:stitches|steri strips|glue)\b",
    ],
    "suicide": [
        r"\b(?:said|say|saying) (?:everything|all) (?:i|ive) (?:needed|need|wanted) to say\b(?:\W+\w+){0,3}?\W+(?:its "
        r"time|goodbye|im ready|ready to go|its over)\b",
        r"\bwont be (?:a problem|a burden|a bother|any trouble|troubling|bothering) (?:to |for )?(?:\w+ ){0,2}(?:after "
        r"(?:tonight|today|this)|much longer|soon|anymore|any more)\b",
        r"\b(?:ive|i|i have|hes|shes|he has|she has) (?:found|know|got|figured out) (?:a|the) way to "
        r"(?:make it (?:all )?stop|end it|end (?:it all|everything))\b(?!\W+(?:the|that|this) )",
        r"\b(?:and )?(?:im|i am|hes|shes) not coming back\b(?! (?:to|till|until|for|on|this|next|after|tomorrow|today|"
        r"tonight|here|there)\b)",
    ],
    "extra_doses": [
        rf"\b(?:{LIQUID}|{DRUGS})\b(?:\W+\w+){{0,3}}?\W+(?:straight (?:out of|from) the bottle|(?:out of|from) the "
        r"bottle whenever)\b",
    ],
    "vomiting": [
        near(r"vomit\w*|being sick|throwing up|puking|spewing", r"cant stop|wont stop|non ?stop|like a fountain", 6),
    ],
    "severe_withdrawal": [
        r"\b(?:saying|says|thinks|convinced) (?:there are|theres|there is) (?:things|bugs|insects|spiders|ants|worms) "
        r"(?:crawling|under|on|in)\b",
    ],
}
for _name, _extra in _S22_SWEEP9.items():
    RULES[_name] = RULES[_name] + _extra

# Context in the same clause that makes a match benign (searched in the whole clause).
EXCUSES: dict[str, str] = {
    "self_harm": (r"\b(?:shav\w*|chopp\w*|cooking|cook|oven|iron|kettle|veg|onions?|garden\w*|fence|tin|parcel|"
                  r"paper|opening|accident\w*|by mistake|fell|falling|fall|tripped|lifting|diy|washing up|glass|"
                  r"knife doing|making (?:tea|dinner|food)|bbq|stove|pan|hob|shaver|lawnmower|mower|trampoline|"
                  r"bike|sewing|knitting|brambles?|bush|bushes|thorns?|roses)\b"),
    "breathing": (r"\b(?:stairs|running|run|walking|walk|bus|gym|exercise|hills?|laugh\w*|as usual|usual|swimming|"
                  r"chasing|park|haha|lol|trampoline|grandkids|wore me out|worn out|"
                  r"hoovering|vacuuming|cleaning|housework|gardening|shopping|dancing|cycling|climbing|carrying|"
                  r"lifting|playing|football|the dog|physio|workout|class|"
                  r"cold|hay ?fever|nose|asthma is fine|breath smells|bad breath|yoga|pilates|meditat\w*|"
                  r"breathing exercises?)\b"),
    "chest_pain": (r"\b(?:from|with|because of|due to|cos of|after|since) (?:my |the |a |this |all the |that )?"
                   r"(?:cold|cough|coughing|chest infection|flu|virus|covid|lifting|gym|asthma|nerves|anxiety|panic|"
                   r"stress|"
                   r"worry)\b(?! sweat)|"
                   r"\b(?:its|it is|probably|must be|think its|just) (?:just )?(?:my |the )?asthma\b|\binhaler\b|"
                   r"\bchest day\b|\b(?:at|after) the gym\b|\bbench press\w*\b|\bpress ups\b|"
                   r"\b(?:after|from) (?:eating|a (?:big )?meal|my (?:dinner|tea)|the curry|too much)\b|"
                   r"\bpulled (?:a )?muscle\b|\bchesty cough\b|"
                   r"\b(?:gave me|give me|giving me|nearly had|almost had|nearly gave|almost gave|nearly have|"
                   r"would have|will have|going to have a heart attack when|of drawers|freezer|heart attack when|"
                   r"(?:hell|shell|youll|theyll|ill|hed|shed|youd|theyd|id) have a heart attack)\b|"
                   r"\bheart attack (?:stuff|material|territory|inducing|waiting to happen|city|levels?)\b"),
    "unresponsive": (r"\b(?:phone|door|texts|messages|emails|in the mornings?|alarm|sleep in|lie in|weekends?|lazy|"
                     r"as usual|always|for (?:work|school)|early|for anything|before (?:noon|lunch|midday|\d+)|"
                     r"until (?:noon|lunch|midday)|till (?:noon|lunch|midday)|watching|telly|tv|film|boring|bored|nap|"
                     r"operation|surgery|anaesthetic|procedure|years ago|as a (?:child|kid|teenager))\b"),
    "severe_withdrawal": (r"\b(?:but|though) (?:im |i am |its |it is |i was )?(?:managing|coping|ok|okay|fine|"
                          r"getting through it|bearable)\b"),
    "vomiting": (r"\b(?:sick of|sick and tired|sick to death|pay)\b|"
                 r"\b(?:cut|cutting|bring|bringing|brought|come|coming|step\w*|taper\w*|go|going|went|get|getting|got) "
                 r"(?:my |the |his |her )?(?:\w+ )?(?:pills|tablets) down\b|"
                 r"\b(?:sick|threw up|thrown up|vomited|was sick) once\b|"
                 r"(?<!cant )(?<!not )(?<!nt )(?<!never )\b(?:keeping|kept|managing to keep|able to keep|holding) "
                 r"(?:\w+ ){0,2}down\b"),
    "allergic_reaction": (r"\b(?:dentist|tooth|teeth|wisdom|abscess|hay ?fever|cold sore|fillers?|botox|"
                          r"crying|cried|tears|fight|punched|fell|fall|bumped|knocked|banged)\b"),
    "suicide": (r"\b(?:goodbye for now|say goodbye to (?:the|my) (?:pain|tablets|opioids|meds))\b|"
                rf"\b(?:goodbye|bye bye|farewell) (?:to )?(?:the |my |those |these )?(?:old )?"
                rf"(?:{TAB}|{PATCH}|pain|opioids|habit|addiction|cigarettes|fags)\b|"
                r"\b(?:die|died|dying) (?:laughing|of (?:embarrassment|shame|boredom|laughter))\b"),
    "overdose": (r"\b(?:as (?:planned|prescribed|normal|usual|told)|like normal|on time|to the (?:chemist|pharmacy)|"
                 r"like i (?:should|was told|am meant to|am supposed to)|as i should|"
                 r"with me|on holiday|in my bag|away with)\b"),
    "extra_doses": (r"\b(?:as (?:planned|prescribed|normal|usual|told)|like normal|on time|"
                    r"as (?:the |my )?(?:gp|doctor|nurse|pharmacist|consultant|team) (?:said|says|told me|advised))\b"),
}

# A question about taking medicines, before the match in its clause ("is it ok to take an extra").
_QUESTION = (r"\b(?:is it ok|is it okay|is it alright|can i|could i|should i|am i allowed|how many|what if|do i|"
             r"is it safe|allowed to|ok to|okay to|what happens if|when can i|when do i)\b")
# Asking for a supply ("need to get an extra box"): only right before the match, so "taking whatever it
# takes to get through the day, double sometimes triple" is not read as a request.
_ASKING = {"extra_doses": re.compile(_QUESTION + r"|\b(?:need|get|getting|order|collect|pick up|prescribe|ask for|"
                                                  r"request)\b(?: (?:to get|to have|to order|an?|another|some|more|"
                                                  r"the|my|"
                                                  r"me|him|her|a few|any|for))*\W*$"),
           "overdose": re.compile(_QUESTION)}

NEGATORS = {"no", "not", "never", "without", "nor", "none", "dont", "didnt", "doesnt", "isnt", "arent", "wasnt",
            "werent", "havent", "hasnt", "hadnt", "wouldnt", "shouldnt", "denies", "deny", "neither", "nothing",
            "nope", "wont", "aint", "nt", "nah"}
PSEUDO_NEGATIONS = re.compile(
    r"\b(?:not sure|dont know|didnt mean|dont remember|cant remember|not certain|no idea|not meant|didnt realise|"
    r"dont think|not 100|no longer|not just|not only|nothing helps|no one|nobody|not even)\b")
_BREAK = re.compile(
    r"[.,;:!?\n]| - |\b(?:but|and|so|though|although|however|because|cos|then|now|yet|x+|lol|tbh)\b|"
    r"\b(?:i|im|ive|id|ill|he|she|hes|shes|they|theyre|we|were|my|it|its|everyone|everything)\b")
_STATE_WORDS = {"ok", "okay", "good", "great", "well", "coping", "fine", "right", "happy", "managing", "alright",
                "safe", "bad", "sleeping", "eating", "better", "worse", "myself", "bothered", "listening"}

# --- normalising --------------------------------------------------------------------------------
_REPLACEMENTS: list[tuple[str, str]] = [
    (r"\bo\.?d ?'+ ?(?:d|ed)\b", "oded"), (r"\bm[aeyi]+ ?s+[aeyi]*l+f*\b", "myself"), (r"\bod'?ing\b", "overdosing"),
    (r"\b(?:can ?not|can'?t|carnt|cnt|cant'?|couldn'?t|couldnt|cudnt|cldnt|canny|cannae|canna)(?=\W|$)", "cant"),
    (r"\b(?:will not|won'?t)\b", "wont"), (r"\b(?:is not|isn'?t)\b", "isnt"), (r"\b(?:do not|don'?t|dnt)\b", "dont"),
    (r"\b(?:did not|didn'?t)\b", "didnt"), (r"\b(?:have not|haven'?t)\b", "havent"), (r"\b(?:has not)\b", "hasnt"),
    (r"\b(?:was not)\b", "wasnt"), (r"\b(?:are not)\b", "arent"), (r"\bi am\b", "im"), (r"\bi'm\b", "im"),
    (r"n'?t\b", "nt"), (r"'", ""),
]
_WORD_MAP = {
    "ded": "dead", "deed": "dead",
    "meself": "myself", "myslef": "myself", "mysef": "myself", "mysel": "myself", "myselfe": "myself",
    "miself": "myself", "mself": "myself", "wanna": "want to", "wana": "want to", "wanne": "want to",
    "gonna": "going to", "gunna": "going to", "gona": "going to", "gna": "going to", "goin": "going",
    "finna": "going to", "kil": "kill", "kiil": "kill", "kll": "kill", "lyfe": "life", "u": "you", "ur": "your",
    "r": "are", "2nite": "tonight", "2night": "tonight", "tonite": "tonight", "2day": "today", "cos": "because",
    "coz": "because", "bc": "because", "pls": "please", "plz": "please", "b4": "before", "summat": "something",
    "nowt": "nothing", "owt": "anything", "tabs": "tablets", "tablts": "tablets", "tabelts": "tablets",
    "tabets": "tablets", "tablests": "tablets", "pils": "pills", "brethe": "breathe", "breth": "breath",
    "breathin": "breathing", "takin": "taking", "tooken": "taken", "tuk": "took", "tk": "took",
    "sucidal": "suicidal", "suicidle": "suicidal", "wiv": "with", "wot": "what", "wat": "what",
    "wen": "when", "ov": "of", "tkn": "taken", "tabz": "tablets", "al": "all",
    "wud": "would", "cud": "could", "shud": "should", "n": "and", "swelin": "swelling", "swellin": "swelling",
    "nemore": "anymore", "tablits": "tablets", "morfine": "morphine", "agen": "again", "nite": "night",
    "overdoes": "overdose", "nuthin": "nothing", "avent": "havent", "aint": "isnt",
    "overdoze": "overdose", "overdozed": "overdosed",
    "tae": "to", "masel": "myself", "masell": "myself", "maself": "myself", "ma": "my", "av": "ive",
    "ima": "im going to", "imma": "im going to", "unconcious": "unconscious", "unconsious": "unconscious",
    "nae": "no", "mair": "more", "anymair": "anymore", "aw": "all", "wi": "with", "dinnae": "dont",
    "didnae": "didnt", "wouldnae": "wouldnt", "boak": "vomit", "boaking": "vomiting", "boakin": "vomiting",
    "boaked": "vomited", "noggin": "head", "bonce": "head", "napper": "head",
    "woudnt": "wouldnt", "wudnt": "wouldnt", "2many": "too many", "yday": "yesterday", "yest": "yesterday",
    "voddy": "vodka", "oot": "out", "aff": "off", "o": "of", "dae": "do", "ahm": "im", "ah": "i", "ahve": "ive",
    "evry1": "everyone", "every1": "everyone", "evry": "every", "evryone": "everyone", "b": "be", "wivout": "without",
    "witout": "without", "wiout": "without", "sum": "some", "dis": "this", "nuffin": "nothing",
    "isnae": "isnt", "doesnae": "doesnt", "willnae": "wont", "wullnae": "wont", "havnae": "havent", "heid": "head",
}
_PHRASE_MAP = [
    (r"\bme (?=(?:life|own|tablets?|pills|meds|medication|medicines?|patch\w*|painkillers|arms?|wrists?|legs?|"
     r"thighs?|skin|chest|breath|breathing|lips|throat|tongue|face|husband|wife|son|daughter|kids?|partner|mum|dad|"
     r"fella|missus|lad|family|hands?|fingers?|knuckles|head|forehead|nose|ears?|eyes?|mouth|neck|jaw|ribs|lungs|"
     r"stomach|belly|tummy|hips?|body|feet|foot|dose|spit)\b)", "my "),
    (r"\bmy self\b", "myself"), (r"\b(my|his|her|their) hed\b", r"\1 head"), (r"\bfist full\b", "fistful"),
    (r"\bhand full\b", "handful"), (r"\b(?:hot )?water bottles?\b", "hotwaterbottle"),
    (r"\b(not|isnt|hes not|shes not) breeding (properly|right|normally)\b", r"\1 breathing \2"),
    (r"\b(cant|couldnt) (?:weight|wait) (him|her|them) up\b", r"\1 wake \2 up"),
    (r"\b(cant|couldnt) weight (him|her|them)\b", r"\1 wake \2"), (r"(?<!glass of )(?<!glasses of )(?<!bottle of "
                                                                   r")\bclaret\b", "blood"),
    (r"\bme self\b", "myself"), (r"\bmi self\b", "myself"),
    (r"\b2 (die|breathe?|wake|live|be|kill|end|take|do|hurt|cut|keep|stop|go|sleep|many|much|my|me|him|her|the)\b",
     r"to \1"),
    (r"\bi no (how|what|where|when|that|if|why)\b", r"i know \1"),
    (r"\b(?:want|wanna|to) dye\b", "to die"), (r"\bwant dye\b", "want to die"), (r"\bwan to\b", "want to"),
    (r"\bway to many\b", "way too many"), (r"\bto many\b", "too many"), (r"\bto much\b", "too much"),
    (r"\bco ?-? ?codamol\b", "cocodamol"), (r"\bpain ?killers?\b", "painkillers"),
    (r"\bsh ?'? ?ing\b", "shing"), (r"\bwhole lot\b", "whole lot"), (r"\bnot even\b", "not even"),
    (r"\bkil+ ?my ?self\b", "kill myself"), (r"\bkillmyself\b", "kill myself"),
]
KEYWORDS = [
    "suicide", "suicidal", "overdose", "overdosed", "overdosing", "myself", "breathe", "breathing", "breathless",
    "unconscious", "unresponsive", "responding", "vomiting", "vomited", "withdrawal", "withdrawals", "collapsed",
    "hallucinating", "seizure", "seizures", "swallowed", "painkillers", "tablets", "capsules", "patches",
    "harming", "harmed", "cutting", "killing", "goodbye", "burden", "morphine", "codeine", "tramadol", "oxycodone",
    "cocodamol", "oramorph", "fentanyl", "gabapentin", "pregabalin", "diazepam", "paracetamol", "dihydrocodeine",
    "tapentadol", "buprenorphine", "crushing", "squeezing", "struggling", "difficulty", "throwing", "waking",
    "medication", "strips", "bottle", "packet", "chewed", "sucked", "drowsy", "floppy", "shallow", "passing",
    "passed", "fainted", "blacked", "suicidle", "selfharm", "harm", "breaths", "respond", "forever", "taken",
    "strip", "worth", "breath", "catch", "extra", "emptied", "pressure", "horrific", "horrendous",
    "unbearable", "through", "suffocating", "fortnights", "weeks", "months", "twenty", "thirty", "forty", "fifty",
    "sixty", "fifteen", "eighteen",
]
SHORT_TARGETS = ["worth", "taken", "extra", "strip", "breath", "going"]  # 4-letter slips: "woth", "takn", "xtra"
PROTECTED = {
    "chucking", "chucked", "tests",  # "chucking up": not "choking"; "tests were normal": not "texts"
    "lines", "locked", "lock", "locks", "checking", "checked", "crisis", "ticket", "stressed",
    "tonight", "space", "steve", "different", "favour", "favours",
    "coping", "dosed", "dying", "easter", "haven", "noise", "phoned", "saying", "shaving", "shopping", "shout",
    "standing", "thank", "there", "thing", "colour", "color", "having", "doing", "crying", "lying", "drying", "trying",
    "seeing", "being", "sitting", "setting", "these", "those", "think", "thinks", "stopping", "shopped", "staying",
    "sharing", "hearing", "healing", "heating", "feeding", "reading", "leading", "eating", "meeting", "seating",
    "shaky", "shake", "shaken", "sleepy", "sleeps", "slept", "plenty", "pretty", "poorly", "party", "parts", "paid",
    "tired", "times", "timed", "title", "while", "whilst", "white", "write", "wrote", "worse", "worst", "would",
    "could", "should", "wound", "round", "found", "sound", "bound", "pound", "mound", "double", "doubt", "dough",
    "doses", "dosage", "dozen", "dozed", "dozing", "hoping", "hopping", "booked", "looked", "cooked",
    "cooking", "looking", "locking", "licking", "kicking", "picking", "packing", "parking", "barking", "baking",
    "walkers", "walker", "working", "worked", "waking", "waiting", "washing", "watching", "warning", "wanting",
    "tables", "table", "stable", "overdone", "overdoing", "overdo", "overdid", "overdue", "chess", "pitch", "passes",
    "passage", "walking", "talking", "taking", "making", "filling", "billing", "willing", "feeling",
    "charmed", "putting", "matches", "watches", "catches", "batches", "breaths", "breather", "stripe", "stripes",
    "trips", "battle", "boiled", "pocket", "packed", "passed", "pasted", "burdens", "bottles", "pregnant", "drowned",
    "wakes", "harms", "harmless", "heart", "tablet", "respite", "flowers", "forever", "throwing",
    "thrown", "theirs", "morning", "mornings", "swallow", "shallow", "fainter", "patched", "cutting", "sucked",
    "struggle", "struggled", "killing", "drowsy", "medicine", "medicines", "token", "fifth", "north",
    "wore", "tape", "takes",
    "take", "taker", "wake", "took", "week", "weak", "month", "bottled", "packets",
    "chewed", "passing", "buried", "broken", "collapse", "collapsing", "crushed", "response", "responds",
}


_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ROW_OFFSET = (0.0, 0.25, 0.75)  # how far each row of keys sits to the right of the one above
_KEY_AT = {key: (row, col + _ROW_OFFSET[row]) for row, keys in enumerate(_ROWS) for col, key in enumerate(keys)}
_SOUND_ALIKE = {frozenset(pair) for pair in ("cs", "ck", "sz", "fv", "gj", "dt", "mn")}


def _slip(x: str, y: str) -> bool:
    """One letter typed for another as people do: a key next to it, a vowel for a vowel, a sound-alike.
    Any other swap ("pausing" for "passing", "swelling" for "sweating") is a different word, not a slip."""
    if (x in "aeiouy" and y in "aeiouy") or frozenset((x, y)) in _SOUND_ALIKE:
        return True
    (row_x, at_x), (row_y, at_y) = _KEY_AT.get(x, (9, 0.0)), _KEY_AT.get(y, (-9, 0.0))
    return abs(row_x - row_y) <= 1 and abs(at_x - at_y) <= 1


def _damerau(a: str, b: str, limit: int) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else (1 if _slip(a[i - 1], b[j - 1]) else limit + 1)
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _words_in(patterns: Iterable[str]) -> set[str]:
    """Every literal word of 5 or more letters in the patterns."""
    words: set[str] = set()
    for pattern in patterns:
        # whole words only: "favou" in "favou?r" or "collaps" in "collaps\w*" are not words
        words.update(re.findall(r"\b[a-z]{5,}\b(?![?*+{\\\[(])", re.sub(r"\\[bWsd]|\(\?#[^)]*\)", " ", pattern)))
    return words


def _rule_words() -> set[str]:
    """Every literal word of 5 or more letters in the rules: the words a misspelling is folded to."""
    return _words_in([*(p for patterns in RULES.values() for p in patterns), *EXCUSES.values()])


_KEYWORD_SET = set(KEYWORDS) | _rule_words()
# Words first used by the session-22 rules are known (never "corrected") but are not targets a misspelling is folded
# to: each new target turns real words into rule words ("checking" -> "chucking", "ticket" -> "ticker").
_S22_PATTERNS = {p for extra in (_S22_CLASSES, _S22_MORE, _S22_SWEEP, _S22_SWEEP2, _S22_SWEEP3, _S22_SWEEP4,
                                 _S22_SWEEP5, _S22_SWEEP6, _S22_SWEEP8, _S22_SWEEP9)
                 for patterns in extra.values()
                 for p in patterns}
_S22_ONLY = _words_in(_S22_PATTERNS) - _words_in(
    [*(p for patterns in RULES.values() for p in patterns if p not in _S22_PATTERNS), *EXCUSES.values()])
_BY_INITIAL: dict[str, list[str]] = {}
for _word in sorted(_KEYWORD_SET - _S22_ONLY):
    _BY_INITIAL.setdefault(_word[0], []).append(_word)


@lru_cache(maxsize=20000)
def _correct(word: str) -> str:
    """A misspelt rule word (one slip; two for words of 8 or more letters; same first letter)."""
    if len(word) < 4 or word in _KEYWORD_SET or word in PROTECTED or not word.isalpha():
        return word
    if word[:-1] in _KEYWORD_SET or word + "s" in _KEYWORD_SET:
        return word  # a plural or singular of a rule word is spelt right ("letters", "fortnight")
    limit = 2 if len(word) >= 8 else 1
    best, best_distance = word, limit + 1
    for keyword in (SHORT_TARGETS if len(word) == 4 else _BY_INITIAL.get(word[0], [])):
        if keyword[0] != word[0] or abs(len(keyword) - len(word)) > limit:
            continue
        distance = _damerau(word, keyword, limit)
        if distance < best_distance:
            best, best_distance = keyword, distance
    return best


# Every substitution of `normalise`, compiled once here (normalise runs on every text).
_REPEATED_LETTERS = re.compile(r"(\w)\1{2,}")
_REPLACEMENTS_COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in _REPLACEMENTS]
_NOT_A_WORD_OR_STOP = re.compile(r"[^\w\s.,;:!?\n]")
_LETTERS_DIGITS = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z]{3,})")
_STOP = re.compile(r"([.,;:!?])")
_PHRASE_MAP_COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in _PHRASE_MAP]
_SPACE_STOP = re.compile(r" ([.,;:!?])")
_SPACES = re.compile(r"[ \t]+")


# Word-map keys that hold a digit ("2nite", "b4") must be looked up before letters and digits are split
# apart, or they are never reached.
_DIGIT_WORDS = {key: value for key, value in _WORD_MAP.items() if any(c.isdigit() for c in key)}
_DIGIT_WORDS_RE = re.compile(r"(?<![\w])(?:" + "|".join(sorted(map(re.escape, _DIGIT_WORDS), key=len, reverse=True))
                             + r")(?![\w])")


def normalise(text: str) -> str:
    text = (text or "").lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    text = _REPEATED_LETTERS.sub(r"\1\1", text)  # "sooooo" -> "soo"
    for pattern, replacement in _REPLACEMENTS_COMPILED:
        text = pattern.sub(replacement, text)
    text = _NOT_A_WORD_OR_STOP.sub(" ", text)  # "co-codamol", "30/500" -> spaces
    text = _DIGIT_WORDS_RE.sub(lambda m: _DIGIT_WORDS[m.group(0)], text)  # "2nite" before digits are split off
    text = _LETTERS_DIGITS.sub(" ", text)  # "2strips" -> "2 strips"
    text = _STOP.sub(r" \1 ", text)
    words = [_WORD_MAP.get(word, word) for word in text.split(" ") if word]
    text = " ".join(_correct(word) for word in " ".join(words).split(" "))
    for pattern, replacement in _PHRASE_MAP_COMPILED:
        text = pattern.sub(replacement, text)
    text = _SPACE_STOP.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


# --- matching -----------------------------------------------------------------------------------
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                 "a couple of": 2, "couple of": 2, "a few": 3, "half an": 0.5, "half a": 0.5}
_N = rf"(\d+|{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})"
_DOSE_UNIT = r"(?: ?(?:mg|ml|mls|mcg))?"
# Counted patterns: a regex whose numbers are compared after matching (see _COUNTED_CHECKS).
# "took 4 instead of 2", "on 8 a day supposed to be 4", "40ml at a time instead of 10".
_INSTEAD = re.compile(
    rf"\b(?:took|taken|had|having|take|taking|swallowed|used|using|on) (?:(?!\d)\w+ )?{_N}{_DOSE_UNIT}(?: or \d+)? "
    rf"(?:\w+ ){{0,6}}?(?:instead of|rather than|not|supposed to be|meant to be|should be|when (?:im|i am|its) "
    rf"(?:only )?(?:supposed|meant) to (?:be|have|take)(?: only)?) (?:on )?(?:my |the |only )?(?:usual |normal |"
    rf"prescribed )?"
    rf"{_N}\b")
# Repeated doses counted over a short time: "4 doses of oramorph in 2 hours", "3 lots in the last hour".
_REPEATS = (r"(?:doses?|lots|goes|shots|spoons|spoonfuls|syringes|squirts|sachets|measures|capfuls|"
            rf"(?:(?:of )?(?:my |the |his |her )?(?:{TAB}|{LIQUID}|{PATCH})))")
_DOSES_IN_TIME = re.compile(
    rf"\b{_N} (?:\w+ )?{_REPEATS}\b(?: of)?(?: \w+){{0,4}}? (?:in|within|over|inside) (?:the (?:last|past) |just |"
    rf"about |under |less than |only |around )?(?:{_N} )?(hours?|hrs?|mins?|minutes)\b")
# Many doses since earlier the same day: "5 doses of oramorph since this morning".
_DOSES_SINCE = re.compile(
    rf"\b{_N} (?:\w+ )?(?:doses?|lots|goes)\b(?: of)?(?: \w+){{0,4}}? (?:since|this) (?:this |about |around )?"
    r"(?:morning|breakfast|lunch\w*|dinner ?time|midday|noon|afternoon|evening|teatime|tea time|\d+ ?(?:am|pm)?)\b")


def _number(word: str) -> float:
    return float(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)


def _instead_is_more(match: re.Match[str]) -> bool:
    return _number(match.group(1)) > _number(match.group(2)) > 0


def _doses_too_close(match: re.Match[str]) -> bool:
    """N doses in a time: more often than every two hours (3 or more), or 2 within the hour."""
    count, span = _number(match.group(1)), _number(match.group(2) or "1")  # "in the last hour"
    hours = span / 60 if match.group(3).startswith("m") else span
    return (count >= 3 and 0 < hours < 2 * count) or (count == 2 and 0 < hours <= 1)


def _many_since(match: re.Match[str]) -> bool:
    return _number(match.group(1)) >= 5


# The same medicine again by the clock: "took my tramadol at 8 then again at 9".
_AGAIN_AT = re.compile(
    r"\b(?:took|had|taken|taking|have|having) (?:\w+ ){0,6}?at (\d{1,2})(?:[.:]\d\d)? ?(am|pm)? (?:\w+ ){0,2}?"
    r"(?:and |then )?again at (\d{1,2})(?:[.:]\d\d)? ?(am|pm)?\b")


def _again_soon(match: re.Match[str]) -> bool:
    """The second time within three hours of the first (a time without am/pm takes the first's)."""
    first, first_half, second, second_half = match.groups()
    first_hour = int(first) % 12 + (12 if first_half == "pm" else 0)
    second_hour = int(second) % 12 + (12 if (second_half or first_half) == "pm" else 0)
    return 0 < second_hour - first_hour <= 3


# Three doses by the clock: "gave dad his oramorph at 10, 11 and 12".
_THREE_AT = re.compile(
    r"\b(?:gave|given|giving|took|taken|had|having|taking) (?:\w+ ){0,5}?at (\d{1,2})(?:[.:]\d\d)? ?(?:am|pm)?,? "
    r"(\d{1,2})(?:[.:]\d\d)? ?(?:am|pm)?,? (?:and |then |& )(\d{1,2})\b")


def _three_close(match: re.Match[str]) -> bool:
    """Three times, each within two hours of the one before (on a 12-hour clock)."""
    hours = [int(group) % 12 for group in match.groups()]
    steps = [(hours[1] - hours[0]) % 12, (hours[2] - hours[1]) % 12]
    return all(0 < step <= 2 for step in steps)


# "mum collapsed", not "the shelf collapsed": the word before (and "has", "had", "just") is read.
_THINGS = {"shelf", "shelves", "wall", "walls", "roof", "ceiling", "tent", "chair", "table", "fence", "gazebo",
           "bookcase", "wardrobe", "cake", "souffle", "business", "company", "deal", "market", "bed", "sofa",
           "building", "house", "bridge", "tower", "trampoline", "umbrella", "deckchair", "plan", "plans", "lung",
           "vein", "veins", "disc", "garage", "shed", "floor", "stairs", "pile", "stack", "sandcastle", "marquee"}
_COLLAPSED = re.compile(
    r"\b(?:(\w+) (?:has |had |just |has just |had just )?)?collaps\w*\b(?! (?:disc|discs|vertebra\w*|spine)| (?:into|"
    r"onto|on) (?:\w+ )?(?:chair|bed|sofa|settee|armchair|couch)\b(?!.*\b(?:wont|cant|not) (?:wake|respond))| "
    r"laughing| (?:with|in) (?:\w+ ){0,4}?laugh\w*)")


def _not_a_thing(match: re.Match[str]) -> bool:
    return match.group(1) not in _THINGS


_COUNTED = {"<COLLAPSED>": _COLLAPSED, "<INSTEAD>": _INSTEAD, "<DOSES_IN_TIME>": _DOSES_IN_TIME,
            "<DOSES_SINCE>": _DOSES_SINCE, "<AGAIN_AT>": _AGAIN_AT, "<THREE_AT>": _THREE_AT}
_COUNTED_CHECKS: dict[re.Pattern[str], Callable[[re.Match[str]], bool]] = {
    _COLLAPSED: _not_a_thing, _INSTEAD: _instead_is_more, _DOSES_IN_TIME: _doses_too_close, _DOSES_SINCE: _many_since,
    _AGAIN_AT: _again_soon, _THREE_AT: _three_close}


def _text_check(condition: re.Pattern[str], holds: bool) -> Callable[[re.Match[str]], bool]:
    """A match counts only if the whole text holds (or lacks) the condition (see _WITH_TEXT)."""
    def check(match: re.Match[str]) -> bool:
        return bool(condition.search(match.string)) is holds
    return check


for _key, (_source, _condition, _holds) in _WITH_TEXT.items():
    _COUNTED[_key] = re.compile(_source)
    _COUNTED_CHECKS[_COUNTED[_key]] = _text_check(re.compile(_condition), _holds)


def _compile(pattern: str) -> re.Pattern[str]:
    return _COUNTED.get(pattern) or re.compile(pattern)


# A slow rule may start with "(?#needs:word|word)", a regex comment naming words (or word starts) that
# every match contains: the rule is only tried on a text holding one of them (speed only; the
# tests check that no match is ever skipped).
_NEEDS = re.compile(r"^\(\?#needs:([^)]*)\)")


# Rules that start with an intake verb ("took", "swallowed", ...) share one gate: the verb itself.
_SHARED_PREFIXES = (rf"\b{INTAKE}",)


@cache
def _gate_regex(source: str) -> re.Pattern[str]:
    return re.compile(source)  # one object per source, so a gate shared by many rules is searched once a text


def _gate(pattern: str) -> re.Pattern[str] | None:
    needs = _NEEDS.match(pattern)
    if needs:
        return _gate_regex(rf"\b(?:{needs.group(1)})")
    for prefix in _SHARED_PREFIXES:
        if pattern.startswith(prefix) and pattern[len(prefix):len(prefix) + 1] not in ("?", "*", "+", "{"):
            return _gate_regex(prefix)
    return None


_COMPILED = {name: [_compile(p) for p in patterns] for name, patterns in RULES.items()}
# Per rule: (pattern, its gate or None, its number check or None), looked up once here; a compiled
# pattern hashes its whole source, so looking it up in a dict on every text would be slow.
_PLAN = {name: [(compiled, _gate(pattern), _COUNTED_CHECKS.get(compiled))
                for pattern, compiled in zip(patterns, _COMPILED[name], strict=True)]
         for name, patterns in RULES.items()}
_EXCUSES = {name: re.compile(pattern) for name, pattern in EXCUSES.items()}


@dataclass(frozen=True)
class RedFlag:
    rule: str
    matched: str


@dataclass(frozen=True)
class RedFlagResult:
    flags: tuple[RedFlag, ...] = field(default_factory=tuple)

    @property
    def urgent(self) -> bool:
        return bool(self.flags)

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(flag.rule for flag in self.flags))

    @property
    def matched(self) -> list[str]:
        return list(dict.fromkeys(flag.matched for flag in self.flags))

    def as_dict(self) -> dict[str, object]:
        return {"urgent": self.urgent, "categories": self.categories, "matched": self.matched}


_SUBJECTS = {"i", "im", "ive", "id", "ill", "he", "she", "hes", "shes", "they", "theyre", "we", "were", "my", "it",
             "its", "everyone", "everything"}


def _clause_start(text: str, start: int) -> int:
    """Where the clause holding position `start` begins: after punctuation or a conjunction, or at
    a subject word that opens a new clause ("im not ok i want to die")."""
    last = 0
    for match in _BREAK.finditer(text, 0, start):
        last = match.start() if match.group(0) in _SUBJECTS else match.end()
    return last


_CESSATION = {"stopped", "quit"}
_CESSATION_OR_STOP = _CESSATION | {"stop"}
_NEGATORS_OR_CANT = NEGATORS | {"cant"}
_WORD = re.compile(r"\w+")


def _negated(text: str, start: int) -> bool:
    clause_from = _clause_start(text, start)
    before = text[clause_from:start]
    if PSEUDO_NEGATIONS.search(before):
        return False
    words = _WORD.findall(before)[-8:]
    if words and words[-1] in _CESSATION and not (len(words) > 1 and words[-2] in _NEGATORS_OR_CANT):
        return True  # "ive stopped cutting myself", "quit self harming"
    for index, word in enumerate(words):
        if word in NEGATORS:
            rest = words[index + 1:]
            if rest and rest[0] in _CESSATION_OR_STOP:
                continue  # "havent stopped cutting", "cant stop being sick": not a negation of what follows
            # "not ok, ...", "not coping ...": the negation is spent on a state word.
            if any(w in _STATE_WORDS for w in rest[:3]):
                continue
            return True
    return False


# Warning signs that keep a match urgent whatever everyday cause the sentence gives for it: chest
# tightness "from lifting" with sweating or arm pain is still chest pain.
_NEVER_EXCUSED = {
    "chest_pain": re.compile(r"\b(?:sweat\w*|clammy|arms?|jaw|neck|crushing|spreading|radiating|going (?:down|into|up)|"
                             r"faint\w*|dizzy|breathless|short of breath|cant breathe|grey|gray|pale)\b"),
    "breathing": re.compile(rf"\b(?:lips|blue|grey|gray|wont wake|cant wake|unconscious|collaps\w*|{COLOUR}|"
                            r"never been like this|at rest|sitting still|sat still|lying (?:down|in bed)|in bed|"
                            r"(?:to|from) the (?:loo|toilet|bathroom|kitchen|door)|cant (?:talk|speak|finish))\b"),
    "unresponsive": re.compile(r"\b(?:not moving|on the floor|not breathing|collapsed|lying there|clammy|"
                               r"slumped (?:in|over) (?:her|his|their|the|a) (?:chair|armchair|table|seat|wheelchair)|"
                               r"(?:just|only) (?:groans?|grunts?|flops?)|heads? (?:keeps|kept|keep) (?:lolling|"
                               r"flopping))\b"),
    "severe_withdrawal": re.compile(r"\b(?:seizures?|fits?|fitting|fitted|convuls\w*|hallucinat\w*|seeing things|"
                                    r"hearing (?:things|voices)|confused|cant stop)\b"),
    "self_harm": re.compile(r"\b(?:on purpose|deliberately|intentionally|purposely|to hurt myself|to punish (?:myself|"
                            r"himself|herself)|as (?:a )?punishment|to feel (?:something|the pain|pain)|"
                            r"to make (?:it|myself|me) hurt|to (?:see|check) if (?:i|id|it|i would|i could|i can) "
                            r"(?:still )?"
                            r"(?:feel|hurt|bleed)|(?:held|holding|hold|pressed|pressing|kept|keeping) (?:my|his|her|"
                            r"their) "
                            r"(?:\w+ )?(?:hand|hands|arm|arms|fingers?|palm|wrist|leg|foot) (?:\w+ ){0,2}?(?:on|onto|"
                            r"over|"
                            r"against|in|under)|(?:hiding|hidden|hid|stash\w*) (?:\w+ ){0,2}?(?:broken glass|blades|"
                            r"razors|shards))\b"),
}


# A prescriber's change, named just before a match that is itself a change ("my gp has doubled my
# dose"): not the patient taking more. Only the words immediately before the match count and only
# for a change word, so "the gp doubled my dose and I took double that" is still caught by its
# second match, and "Nurse took 6 painkillers" (the nurse addressed) is caught.
_PRESCRIBER_BEFORE = re.compile(r"\b(?:gp|doctor|doc|dr|consultant|nurse|pharmacist|prescriber|specialist|clinic|"
                                r"hospital)s? (?:has |have |had |just |has just |have just )?$")
_CHANGE_WORDS = ("doubled", "double", "increased", "upped", "raised", "put up")


# What the cut was done on, right after it: "cut myself on the garden roses", "on a tin".
_ON_SOMETHING_AFTER = {"self_harm": re.compile(r"(?:\W+\w+){0,3}?\W+on (?:the|a|an|some) (?!purpose)\w+")}
# A question that answers itself: "is it bad if u take 12 tramadol in a day cos thats what ive done".
_DONE_ALREADY = re.compile(r"\b(?:thats|that is|which is|which|cos thats) what (?:ive|i|he|she|hes|shes|they) "
                           r"(?:done|did|took|taken|had|have)\b|\b(?:ive|i have|i) (?:already|just) (?:done|"
                           r"did) (?:it|that)\b")
# Self-harm or a seizure in the past, with a plain statement that it is over now ("used to self harm years ago
# but I'm fine now", "had a seizure as a kid, none since"): history, not a red flag, unless it has come back.
_HISTORY_RULES = {"self_harm", "severe_withdrawal"}
_AGO = r"(?:years|months|ages|a long time|long time|decades) ago"  # shared with _PAST_AT_MATCH
_PAST = re.compile(rf"\bused to\b|\b{_AGO}\b|"
                   r"\bas a (?:teenager|teen|kid|child|youngster|student|baby|toddler|young \w+)\b|"
                   r"\bwhen i was (?:younger|little|small|a "
                   r"(?:teenager|teen|kid|child)|at (?:school|uni|college)|\d+)\b|\bin the past\b|\bback in (?:\d+|"
                   r"the)\b|"
                   r"\bin my (?:teens|twenties|youth)\b|\bin (?:19|20)\d\d\b")
_NOW_OVER = re.compile(r"\b(?:im|i am|i feel|feeling|doing|been|all|im doing) (?:\w+ )?(?:fine|ok|okay|good|well|great|"
                       r"better|alright|safe|grand)\b|\b(?:should|will|would) be (?:fine|ok|okay|alright)\b|"
                       r"\bjust (?:mentioning|letting you know|so you know|for your records)\b|"
                       r"\bin a (?:good|better|much better) place\b|"
                       r"\bnot for (?:a long time|years|ages|\d+ years|a while|a long while)\b|"
                       r"\b(?:nothing|none|not once|never|no \w+) (?:for|since|in) (?:\d+|a|the|many|years|ages)\b|"
                       r"\b(?:none|nothing|not one) since\b|\bhavent (?:since|for|in)\b|\bbehind me\b|\bno urges\b|"
                       r"\b(?:clean|free) (?:for|since)\b|\b(?:well controlled|under control|controlled now)\b|"
                       r"\b(?:just )?(?:wanted|thought) (?:you|to let you) (?:to |should )?know\b|"
                       r"\bjust telling you\b|\b(?:never|hasnt|has not|didnt|not) (?:came|come|been) back\b|"
                       r"\b(?:not|havent|never|hasnt) (?:touched|done|had|taken) (?:\w+ ){0,2}(?:since|for|in)\b")
_BACK_AGAIN = re.compile(r"\b(?:again|(?<!since i )(?<!since we )(?<!before i )started|starting|restart\w*|relaps\w*|"
                         r"recently|last night|tonight|yesterday|"
                         r"this (?:week|morning|evening|afternoon)|today|doing it|did it|(?<!no )urges?|tempted|"
                         r"want to|need to|thinking about|(?<!never )(?<!not )(?<!hasnt )(?<!didnt )came back|coming "
                         r"back|"
                         r"(?:is|are|its|theyre|im) back)\b")


# An overdose or chest pain plainly in the past and over ("my mate od'd years ago so I'm careful", "had chest pain
# last month, saw the GP, ECG normal"): the past is named right at the match, the text says it is over, and
# nothing says it is back. Only that match is dropped, so a new overdose in the same text is still caught.
_PAST_EVENT_RULES = {"overdose", "chest_pain", "head_injury"}
_PAST_AT_MATCH = re.compile(rf"(?:\W+\w+){{0,3}}?\W+(?:{_AGO}|"
                            r"last (?:month|year|summer|winter|spring|autumn|christmas)|"
                            r"(?:\d+|two|three|four|five|six|a few|a couple of|several) (?:months|years) ago|"
                            r"in (?:19|20)\d\d|when (?:i|he|she) was (?:\d+|a (?:teenager|teen|kid|child)|younger))\b")
# A fall with a head injury a few days ago, checked and fine ("hit his head last week, A&E checked him, he's fine").
_RECENT_AT_MATCH = re.compile(r"(?:\W+\w+){0,3}?\W+(?:last (?:week|weekend)|(?:on|last) (?:monday|tuesday|wednesday|"
                              r"thursday|friday|saturday|sunday)|(?:\d+|two|three|four|five|six|a few|a couple of) "
                              r"(?:days|weeks) ago)\b")
_OVER_NOW = re.compile(r"\b(?:is|was|are|were|hes|shes|theyre|both) (?:\w+ )?(?:fine|ok|okay|well|alright) now\b|"
                       r"\b(?:ecg|ecgs|tests?|bloods|scans?|results?|heart|everything) (?:\w+ ){0,2}?(?:normal|clear|"
                       r"fine|ok|okay)\b|\bso (?:im|i am|were|we are|i keep|i am extra|im extra) (?:\w+ )?careful\b|"
                       r"\blocked (?:away|up)\b|\bturned out to be\b|\b(?:checked|looked) (?:him|her|me|them) over\b|"
                       r"\ball clear\b|\bno (?:fractures?|breaks?|bleed|damage)\b|\bdischarged\b|"
                       r"\b(?:hes|shes|theyre|im) (?:absolutely |totally |perfectly |completely )?(?:fine|ok|okay|"
                       r"alright)\b|"
                       r"\b(?:ecg|ecgs|tests?|bloods|scans?|results?) (?:\w+\W+){0,3}?(?:all )?(?:normal|clear)\b")


def _over_not_back(text: str, *over: re.Pattern[str]) -> bool:
    """The text says it is over (any of `over`) and nothing says it has come back."""
    return any(pattern.search(text) for pattern in over) and not _BACK_AGAIN.search(text)


def _past_event(rule: str, text: str, end: int) -> bool:
    past = _PAST_AT_MATCH.match(text, end) or (rule == "head_injury" and _RECENT_AT_MATCH.match(text, end))
    return rule in _PAST_EVENT_RULES and bool(past) and _over_not_back(text, _OVER_NOW, _NOW_OVER)


# A question about something the writer says they have not done ("you can put 2 patches on, is that true?
# havent done it"), and a dose said to be the right one ("only had my normal dose", "took the right dose").
_NOT_DONE = re.compile(r"[^.!?]*\?\W*(?:but |and )?(?:i )?(?:havent|have not|didnt|did not|not|never|wont|will not) "
                       r"(?:done|tried|do|did|try|taken|take) (?:it|that|this|them|any)\b")
_RIGHT_DOSE = re.compile(r"\b(?:only|just) (?:had|took|taken|take|taking) (?:my|the|his|her) (?:normal|usual|right|"
                         r"correct|prescribed) (?:dose|amount)\b|"
                         r"\b(?:took|had|taken|take|taking) (?:my |the |his |her )?(?:right|correct) (?:dose|amount)\b|"
                         r"\b(?:took|had|taken|used|finished) (?:my |the )?(?:very )?last (?:one|tablet|pill|capsule|"
                         r"patch|"
                         r"dose)s? (?:in|of|from|out of|left in) (?:the|my|this) (?:old |new |last |first )?(?:box|"
                         r"strip|packet|pack|bottle|"
                         r"blister|"
                         r"sheet)\b")
_MORE_THAN_RIGHT = re.compile(r"\b(?:then|again|another|extra|more than|as well|on top|by mistake|accident\w*|"
                              r"double\w*|whole|too many|all of)\b")


_SENTENCE_ENDS = ".;!?\n"


def _sentence_start(text: str, start: int) -> int:
    """Where the sentence holding position `start` begins: just after the last ".;!?" or line break before it."""
    return max(text.rfind(mark, 0, start) for mark in _SENTENCE_ENDS) + 1


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]: from the last sentence end before it to the first one after it."""
    right_marks = [i for i in (text.find(mark, end) for mark in _SENTENCE_ENDS) if i != -1]
    return text[_sentence_start(text, start):min(right_marks) if right_marks else len(text)]


def _reassured(rule: str, text: str, start: int, end: int) -> bool:
    if rule not in ("overdose", "extra_doses"):
        return False
    if _NOT_DONE.match(text, end):
        return True
    sentence = _sentence(text, start, end)
    return bool(_RIGHT_DOSE.search(sentence) and not _MORE_THAN_RIGHT.search(sentence))


def _history_only(text: str) -> bool:
    return bool(_PAST.search(text)) and _over_not_back(text, _NOW_OVER)


# A habit in the past that the text says is over ("used to take them like sweets before this programme, now just 2").
_USED_TO = re.compile(r"\bused to\b")
_NOW_LESS = re.compile(r"\bnow (?:just|only|down to|on) (?:\d|one|two|three)|\b(?:before|until) (?:this|the|i started|"
                       r"starting|joining) (?:programme|program|plan|group|course|clinic|service|you|with you)\b")
# An animal's fit or sickness ("our cat had a seizure at the vets"): the animal is the subject, no person between.
_ANIMAL = re.compile(r"(?<!like a )\b(?:dog|dogs|doggy|cat|cats|puppy|pup|kitten|pet|rabbit|bunny|hamster|horse|pony|"
                     r"budgie|parrot|"
                     r"guinea pig|tortoise|ferret)\b")
_PERSON_WORD = re.compile(r"\b(?:i|im|ive|me|my|he|hes|she|shes|his|her|him|they|theyre|we|mum|mam|dad|husband|wife|"
                          r"son|daughter|"
                          r"partner|nan|grandad|grandma|baby|kids?|brother|sister|friend)\b")
_ANIMAL_RULES = {"severe_withdrawal", "unresponsive", "breathing", "vomiting", "allergic_reaction", "head_injury"}
# An overdose or suicide on the screen or in a book ("someone overdosed on EastEnders"): the bare word only.
_ON_SCREEN = re.compile(r"\b(?:eastenders|corrie|coronation street|emmerdale|hollyoaks|casualty|holby|the news|on tv|"
                        r"on the telly|on telly|film|programme|the show|documentary|netflix|soaps?|the book|a book|"
                        r"novel|"
                        r"podcast|drama|series|episode|storyline)\b")
_BARE_WORD = re.compile(r"(?:over ?dos\w*|od|oded|suicid\w*)$")
# Lips or tongue coloured by what was eaten ("blue lips off the slush puppies").
_COLOURED_BY = re.compile(r"\b(?:off|from|after|with) (?:the |a |some |those |these |all the |eating |drinking "
                          r")?(?:\w+ )?"
                          r"(?:slush\w*|sweets?|lolly|lollies|ice pops?|blueberr\w*|food colou?ring|dye|paint|felt "
                          r"tips?|"
                          r"pens?|crayons?|markers?|bubblegum|sherbet|ribena|vimto|blackcurrant|ink|icing|smarties|"
                          r"face paint|jelly|swimming|the sea|cold water|sea swim\w*)\b")


# A dose nearly taken ("I nearly took a double dose but checked the dosette"), and a goodbye because someone is moving
# on to another team ("thank you and goodbye, I'm moving to Leeds, the team there will take over").
_NEARLY = re.compile(r"\b(?:nearly|almost|could (?:have|of)|could easily have)(?: \w+){0,2}?\W*$")
_FAREWELL_WORD = re.compile(r"(?:goodbyes?|say(?:ing)? bye to everyone)$")
_MOVING_ON = re.compile(r"\b(?:moving to|move to|moved to|relocating|transferr\w*|the team there|take over|taking over|"
                        r"new team|retiring|retirement|new job|emigrating)\b")


_REPLACED = re.compile(r"\b(?:dropped|lost|spat (?:it |them )?out|sicked (?:it |them )?up|brought (?:it |them )?up|"
                       r"threw (?:it |them )?up|came back up|fell (?:on|down))\b(?:\W+\w+){0,8}?\W+(?:instead|to "
                       r"replace "
                       r"it|as a replacement)\b")


def _not_the_patient_now(rule: str, text: str, start: int, end: int) -> bool:
    """A past habit that is over, an animal, a story on screen, a colour from food, a dose nearly taken, or a goodbye
    because of a move (see above)."""
    if rule in ("overdose", "extra_doses") and _NEARLY.search(text, max(0, start - 20), start):
        return True
    if rule == "extra_doses" and _REPLACED.search(_sentence(text, start, end)):
        return True  # a dose dropped or brought up and replaced
    if rule == "suicide" and _FAREWELL_WORD.match(text[start:end]) and _MOVING_ON.search(text):
        return True
    if (rule in ("overdose", "extra_doses") and _USED_TO.search(text, max(0, start - 10), end)
            and _over_not_back(text, _OVER_NOW, _NOW_OVER, _NOW_LESS)):
        return True
    sentence_from = _sentence_start(text, start)
    if rule in _ANIMAL_RULES:
        animals = list(_ANIMAL.finditer(text, sentence_from, start))
        if animals:
            between = text[animals[-1].end():start]
            if len(between.split()) <= 5 and not _PERSON_WORD.search(between):
                return True
    if _BARE_WORD.match(text[start:end]) and _ON_SCREEN.search(_sentence(text, start, end)):
        return True
    return rule == "breathing" and bool(re.search(COLOUR, text[start:end])) and bool(
        _COLOURED_BY.search(_sentence(text, start, end)))


def _excused(rule: str, text: str, start: int, end: int) -> bool:
    if _not_the_patient_now(rule, text, start, end):
        return True
    asking = _ASKING.get(rule)
    sentence_from = _sentence_start(text, start)
    if (asking is not None and asking.search(text[max(sentence_from, start - 60):start])
            and not _DONE_ALREADY.search(text, end)):
        return True
    if rule in _HISTORY_RULES and _history_only(text):
        return True
    if _past_event(rule, text, end) or _reassured(rule, text, start, end):
        return True
    if (rule == "extra_doses" and text.startswith(_CHANGE_WORDS, start)
            and _PRESCRIBER_BEFORE.search(text[max(sentence_from, start - 40):start])):
        return True
    excuse = _EXCUSES.get(rule)
    if excuse is None:
        return False
    clause = _sentence(text, start, end)
    warning = _NEVER_EXCUSED.get(rule)
    if warning is not None and warning.search(clause):
        return False
    after = _ON_SOMETHING_AFTER.get(rule)
    return bool(excuse.search(clause) or (after is not None and after.match(text, end)))


# "a whole box of tissues", "overdosed on chocolate": what was taken was not a medicine.
_NOT_MEDICINE_NEXT = re.compile(
    r"\w*(?: (?:a|an|the|half|whole|full|entire|two|three|\d+|couple|few|bottles?|box|boxes|packets?|packs?|"
    rf"cans?|glass|glasses|pints?|tubs?)){{0,4}}{OF_NOT_MEDICINE}")


def _not_a_medicine(rule: str, text: str, end: int) -> bool:
    return rule in ("overdose", "extra_doses") and bool(_NOT_MEDICINE_NEXT.match(text, end))


def red_flag_scan(text: str) -> RedFlagResult:
    """Every red flag in a text: categories in the order they appear, with the words matched."""
    norm = normalise(text)
    found: list[tuple[int, int, RedFlag]] = []
    gates_met: dict[int, bool] = {}
    for rule, plan in _PLAN.items():
        for pattern, gate, check in plan:
            if gate is not None:
                met = gates_met.get(id(gate))
                if met is None:
                    met = gates_met[id(gate)] = gate.search(norm) is not None
                if not met:
                    continue
            for match in pattern.finditer(norm):
                if check is not None and not check(match):
                    continue
                if (_negated(norm, match.start()) or _excused(rule, norm, match.start(), match.end())
                        or _not_a_medicine(rule, norm, match.end())):
                    continue
                found.append((match.start(), match.end(), RedFlag(rule=rule, matched=match.group(0).strip())))
                break
    # Longest first, then drop a match lying inside another of the same category: one phrase each.
    found.sort(key=lambda item: (item[0] - item[1], item[0]))
    kept: list[tuple[int, int, RedFlag]] = []
    for start, end, flag in found:
        if not any(k[2].rule == flag.rule and k[0] <= start and end <= k[1] for k in kept):
            kept.append((start, end, flag))
    kept.sort(key=lambda item: item[0])
    return RedFlagResult(flags=tuple(flag for _, _, flag in kept))


def red_flag_check(text: str) -> RedFlag | None:
    """The first red flag in a text, or None (see `red_flag_scan` for all of them)."""
    result = red_flag_scan(text)
    return result.flags[0] if result.flags else None
