"""Build the labelled red-flag corpus (corpus.jsonl next to this file).

Each row: text, urgent, category (the detector category it should raise, or benign_*), group (the
kind of text named in issue 14), explicit (the urgent meaning is in plain words) and split.

Texts come from phrasing families: each family is a few templates written as patients and relatives
text, filled from shared vocabulary (drug names, counts, relatives, times), then roughened with the
noise real texts carry (lower case, capitals, lost apostrophes and full stops, text speak, one typo).
Hand-written texts are added as single-text families. The split is by family, never by row: about
one family in three of each group goes to the test set, so a phrasing seen in development never
appears in the test set in another guise. Rules are tuned on `dev` only.

Regenerate (deterministic):  .venv/bin/python -m rose.messaging.redflags.corpus.generate
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from rose.messaging.redflags.corpus.handwritten import (
    HANDWRITTEN,
    HANDWRITTEN_TEST4,
    HANDWRITTEN_TEST5,
    HANDWRITTEN_TEST6,
    HANDWRITTEN_TEST7,
    HANDWRITTEN_TEST8,
    HANDWRITTEN_TEST9,
)
from rose.messaging.redflags.corpus.handwritten_late import (
    HANDWRITTEN_TEST10,
    HANDWRITTEN_TEST11,
    HANDWRITTEN_TEST12,
    HANDWRITTEN_TEST13,
    HANDWRITTEN_TEST14,
    HANDWRITTEN_TEST15,
    HANDWRITTEN_TEST16,
)

OUT = Path(__file__).with_name("corpus.jsonl")
PER_FAMILY = 22

DRUGS = ["co-codamol", "cocodamol", "co codamol", "codeine", "tramadol", "morphine", "oramorph", "zomorph",
         "oxycodone", "oxycontin", "oxynorm", "dihydrocodeine", "tapentadol", "pregabalin", "gabapentin",
         "diazepam", "paracetamol", "painkillers", "tablets", "pills", "meds", "tabs", "sleeping tablets",
         "amitriptyline", "zapain", "solpadol", "mst", "buprenorphine"]
SOLIDS = ["tablets", "pills", "tabs", "capsules", "co-codamol", "tramadol", "codeine", "painkillers", "oxycodone",
          "morphine tablets", "dihydrocodeine", "gabapentin", "pregabalin", "paracetamol"]
LIQUIDS = ["oramorph", "the oramorph", "morphine liquid", "the liquid morphine", "oxynorm liquid"]
PATCHES = ["fentanyl patch", "butrans patch", "buprenorphine patch", "patch", "morphine patch", "matrifen patch"]
BIG = ["10", "12", "14", "15", "16", "18", "20", "24", "25", "28", "30", "32", "40", "45", "50", "60", "100",
       "twenty", "thirty", "fifteen", "a dozen", "forty", "about 20", "around 30", "over 20", "like 25"]
TIMES = ["last night", "this morning", "an hour ago", "earlier", "tonight", "just now", "today", "about 10 mins ago",
         "at 2am", "after tea", "before bed", "half hour ago", "yesterday"]
OPEN = ["", "", "", "hi ", "hello ", "sorry ", "help ", "please ", "hiya ", "nurse ", "its jo. ", "rose team "]
CLOSE = ["", "", "", " what do i do", " please ring me", " x", " help", " im scared", " sorry", " xx",
         " what should i do", " call me pls", " is that bad", " idk what to do"]
RELATIVES = [("my husband", "he", "him", "his"), ("my wife", "she", "her", "her"), ("my partner", "he", "him", "his"),
             ("my son", "he", "him", "his"), ("my daughter", "she", "her", "her"), ("mum", "she", "her", "her"),
             ("dad", "he", "him", "his"), ("my brother", "he", "him", "his"), ("my sister", "she", "her", "her"),
             ("my boyfriend", "he", "him", "his"), ("my girlfriend", "she", "her", "her"), ("nan", "she", "her", "her"),
             ("grandad", "he", "him", "his"), ("my fella", "he", "him", "his"), ("the missus", "she", "her", "her"),
             ("my other half", "he", "him", "his"), ("my mother", "she", "her", "her"), ("my dad", "he", "him", "his")]
CHILDREN = ["my son", "my daughter", "my little boy", "my little girl", "my toddler", "the baby", "my grandson",
            "my granddaughter", "the kids", "my 3 year old", "my youngest", "my nephew", "my 2yr old", "our lad"]
ADULTS = ["my husband", "my wife", "my partner", "my son", "my daughter", "my brother", "my flatmate", "my mum",
          "my dad", "my boyfriend", "my girlfriend", "my teenager", "my 15 year old"]
WORTH = ["a weeks worth", "a week's worth", "2 weeks worth", "a months worth", "a month's worth", "3 days worth",
         "a fortnights worth", "all my week's", "2 days worth"]
CONTAINERS = ["a whole strip", "2 strips", "three strips", "a full strip", "half a strip", "the whole box",
              "a full box", "2 boxes", "half the bottle", "the whole bottle", "a full bottle", "most of the bottle",
              "the rest of the packet", "a whole packet", "2 packets", "the lot", "everything in the cupboard",
              "all of them", "the whole lot", "every tablet i had"]
BODY = ["my arms", "my legs", "my wrist", "my wrists", "my thighs", "my stomach", "my arm"]
FEELING = ["", "", "i feel awful ", "feel weird ", "feel really sleepy ", "feel sick ", "im so drowsy ",
           "everything is spinning "]


@dataclass(frozen=True)
class Family:
    name: str
    group: str
    category: str
    urgent: bool
    explicit: bool
    templates: tuple[str, ...]
    split: str = ""


def F(name: str, group: str, category: str, explicit: bool, *templates: str, urgent: bool = True) -> Family:
    return Family(name, group, category, urgent, explicit, templates)


def B(name: str, group: str, *templates: str) -> Family:
    return Family(name, group, f"benign_{group}", False, False, templates)


FAMILIES: list[Family] = [
    # --- overdose by counts, drug names, containers, "worth of" ----------------------------------
    F("od_count_took", "overdose_counts", "overdose", False,
      "{open}i took {big} {solid} {time}{close}", "{open}{time} i took {big} of my {solid}{close}",
      "{open}ive taken {big} {solid}{close}", "{open}just took {big} {drug} {time}{close}"),
    F("od_count_swallowed", "overdose_counts", "overdose", False,
      "{open}swallowed {big} {solid}{close}", "{open}i have swallowed about {big} {solid} {time}{close}",
      "{open}necked {big} {solid}{close}", "{open}had {big} {solid} in one go{close}"),
    F("od_count_at_once", "overdose_counts", "overdose", False,
      "{open}took {small} days of {drug} all at once{close}", "{open}i took {big} of them at the same time{close}",
      "{open}i downed {big} {solid} with vodka{close}", "{open}had {big} {drug} and a bottle of wine{close}"),
    F("od_drugname", "overdose_drug_names", "overdose", False,
      "{open}took all my {drug}{close}", "{open}i took all of the {drug} {time}{close}",
      "{open}taken every {solid} in the house{close}", "{open}i took all my {drug} and my {drug2}{close}"),
    F("od_drugname_mix", "overdose_drug_names", "overdose", False,
      "{open}took my whole prescription of {drug}{close}", "{open}ive had all the {drug} and the {drug2}{close}",
      "{open}mixed {drug} and {drug2}, loads of them{close}", "{open}took a load of {drug} {time}{close}"),
    F("od_drugname_amount", "overdose_drug_names", "overdose", False,
      "{open}took loads of {drug}{close}", "{open}had way too much {drug}{close}",
      "{open}i think ive had too much {drug}{close}", "{open}taken lots of {drug} to sleep forever{close}"),
    F("od_strips", "overdose_containers", "overdose", False,
      "{open}took {container} of {drug}{close}", "{open}i swallowed {container}{close}",
      "{open}ive had {container} {time}{close}", "{open}taken {container} of my {solid}{close}"),
    F("od_bottle", "overdose_containers", "overdose", False,
      "{open}drank {container} of {liquid}{close}", "{open}had {container} of {liquid} {time}{close}",
      "{open}drank half a bottle of {liquid}{close}", "{open}i drunk all the {liquid}{close}"),
    F("od_bottle_popped", "overdose_containers", "overdose", False,
      "{open}popped {container} {time}{close}", "{open}emptied the box of {drug} {time}{close}",
      "{open}finished the whole packet of {drug} in one go{close}"),
    F("od_worth", "overdose_worth", "overdose", False,
      "{open}i took {worth} of {drug}{close}", "{open}took {worth} in one go{close}",
      "{open}had {worth} of tablets {time}{close}", "{open}{time} i took {worth} of my meds{close}"),
    F("od_worth_b", "overdose_worth", "overdose", False,
      "{open}swallowed {worth} of {drug}{close}", "{open}taken {worth} of pills at once{close}",
      "{open}just had {worth} of my {solid}{close}"),
    F("od_explicit", "overdose_explicit", "overdose", True,
      "{open}i have taken an overdose{close}", "{open}i think ive overdosed on {drug}{close}",
      "{open}took an od {time}{close}", "{open}i od'd {time}{close}", "{open}i overdosed {time}{close}"),
    F("od_explicit_b", "overdose_explicit", "overdose", True,
      "{open}i took too many {solid}{close}", "{open}taken too many {drug} {time}{close}",
      "{open}i think i took too much {drug}{close}", "{open}might have overdosed{close}"),
    F("od_explicit_c", "overdose_explicit", "overdose", True,
      "{open}im going to overdose{close}", "{open}going to take all my tablets tonight{close}",
      "{open}planning to take an overdose{close}", "{open}thinking about taking an overdose{close}"),
    # --- patches ---------------------------------------------------------------------------------
    F("patch_many", "patches", "overdose", False,
      "{open}i put {small} {patch}es on{close}", "{open}ive got {small} patches on at once{close}",
      "{open}put on {small} extra patches {time}{close}", "{open}stuck {small} {patch}es on my arm{close}"),
    F("patch_chewed", "patches", "overdose", False,
      "{open}i chewed a {patch}{close}", "{open}{rel} chewed one of {his} {patch}es{close}",
      "{open}sucked on a {patch}{close}", "{open}i cut up a {patch} and ate it{close}"),
    F("patch_heat", "patches", "overdose", False,
      "{open}forgot to take the old patch off and put 2 more on{close}",
      "{open}{rel} has {small} {patch}es on and is really drowsy{close}",
      "{open}i had a hot bath with {small} patches on and feel spaced out{close}"),
    # --- children / partners taking them ----------------------------------------------------------
    F("child_took", "others_took", "overdose", False,
      "{open}{child} has eaten some of my {drug}{close}", "{open}{child} got into my tablets{close}",
      "{open}i think {child} swallowed one of my {solid}{close}", "{open}{child} found my {drug}{close}"),
    F("child_took_b", "others_took", "overdose", False,
      "{open}found {child} with my {drug} box open{close}", "{open}{child} might have had my {liquid}{close}",
      "{open}{child} put my {patch} in their mouth{close}", "{open}{child} drank some of my {liquid}{close}"),
    F("adult_took", "others_took", "overdose", False,
      "{open}{adult} took some of my {drug}{close}", "{open}{adult} has taken my {drug}{close}",
      "{open}{adult} swallowed a load of my {solid}{close}", "{open}{adult} took my whole box of {drug}{close}"),
    F("adult_took_b", "others_took", "overdose", False,
      "{open}think {adult} has been taking my {drug}, loads gone{close}",
      "{open}{adult} has had my {liquid}{close}", "{open}caught {adult} taking my {solid}{close}"),
    # --- extra doses -------------------------------------------------------------------------------
    F("extra_took", "extra_doses", "extra_doses", True,
      "{open}i took an extra dose{close}", "{open}ive taken double my dose{close}",
      "{open}took extra {drug} {time}{close}", "{open}i doubled up on my {drug}{close}"),
    F("extra_instead", "extra_doses", "extra_doses", False,
      "{open}took {small2} {solid} instead of 2{close}", "{open}had {small2} instead of my usual 2{close}",
      "{open}took my dose twice by mistake{close}", "{open}i forgot i had taken it and took it again{close}"),
    F("extra_more", "extra_doses", "extra_doses", True,
      "{open}i took more than i should have{close}", "{open}taken more {drug} than prescribed{close}",
      "{open}been taking extra {solid} all week{close}", "{open}had a few extra {solid} {time}{close}"),
    F("extra_combo", "extra_doses", "extra_doses", True,
      "{open}took extra tablets and cant breathe{close}", "{open}had an extra {drug} and now feel really sleepy{close}",
      "{open}took my morning dose twice and im struggling to stay awake{close}"),
    # --- toxicity seen by a relative ---------------------------------------------------------------
    F("tox_lips", "toxicity_relative", "breathing", False,
      "{open}{rel}s lips are blue{close}", "{open}{rel} has gone a funny grey colour{close}",
      "{open}{his} lips have gone purple{close}", "{open}{rel} lips look blue and {he} is really sleepy{close}",
      "{open}{rel} looks grey and clammy{close}"),
    F("tox_wake", "toxicity_relative", "unresponsive", False,
      "{open}i cant wake {rel} up{close}", "{open}{rel} wont wake up{close}", "{open}{rel} is not waking up{close}",
      "{open}trying to wake {him} but {he} wont{close}", "{open}{rel} is out cold and i cant rouse {him}{close}"),
    F("tox_respond", "toxicity_relative", "unresponsive", False,
      "{open}{rel} is not responding{close}", "{open}{rel} isnt responding to me{close}",
      "{open}{he} wont respond when i shout{close}", "{open}{rel} is floppy and not answering{close}",
      "{open}{rel} is unresponsive{close}"),
    F("tox_breath", "toxicity_relative", "breathing", False,
      "{open}{rel}s breathing is really slow{close}", "{open}{rel} is breathing very shallow{close}",
      "{open}{his} breathing is weird and slow{close}", "{open}{rel} keeps stopping breathing in {his} sleep{close}",
      "{open}{rel} is making a gurgling snoring noise and wont wake{close}"),
    F("tox_pupils", "toxicity_relative", "unresponsive", False,
      "{open}{rel} has pinpoint pupils and is so drowsy{close}", "{open}{rel} is really drowsy and confused{close}",
      "{open}{rel} keeps nodding off mid sentence{close}", "{open}{rel} cant stay awake and is slurring{close}"),
    F("tox_self", "toxicity_self", "breathing", True,
      "{open}i cant breathe{close}", "{open}struggling to breathe{close}", "{open}my breathing is really slow{close}",
      "{open}short of breath and dizzy{close}", "{open}i cant catch my breath{close}"),
    F("tox_self_b", "toxicity_self", "unresponsive", True,
      "{open}i keep passing out{close}", "{open}i collapsed {time}{close}", "{open}i blacked out {time}{close}",
      "{open}cant keep my eyes open{close}", "{open}i fainted {time}{close}"),
    # --- self-harm ---------------------------------------------------------------------------------
    F("sh_past", "self_harm", "self_harm", True,
      "{open}i cut myself {time}{close}", "{open}i self harmed {time}{close}", "{open}cut {bodypart} again{close}",
      "{open}ive been cutting again{close}", "{open}i hurt myself on purpose {time}{close}"),
    F("sh_abbrev", "self_harm", "self_harm", True,
      "{open}sh again {time}{close}", "{open}i relapsed with sh{close}", "{open}been sh'ing again{close}",
      "{open}did sh {time}{close}", "{open}self harmd {time}{close}"),
    F("sh_implicit", "self_harm", "self_harm", False,
      "{open}i burnt {bodypart} with a lighter{close}", "{open}i did something to {bodypart} again{close}",
      "{open}theres blood everywhere i went too deep{close}", "{open}i scratched {bodypart} til they bled{close}",
      "{open}hit myself over and over{close}"),
    F("sh_urge", "self_harm", "self_harm", True,
      "{open}i want to hurt myself{close}", "{open}urges to self harm are really bad{close}",
      "{open}really want to cut{close}", "{open}i keep thinking about cutting myself{close}"),
    # --- suicide, dialect and misspellings --------------------------------------------------------
    F("sui_explicit", "suicide_explicit", "suicide", True,
      "{open}i want to kill myself{close}", "{open}i feel suicidal{close}", "{open}im going to end my life{close}",
      "{open}i want to die{close}", "{open}thinking about suicide{close}"),
    F("sui_dialect", "suicide_dialect", "suicide", True,
      "{open}gonna kill meself{close}", "{open}i want to do meself in{close}", "{open}ill top meself{close}",
      "{open}feel like ending meself{close}", "{open}gona kill my self{close}"),
    F("sui_misspelt", "suicide_dialect", "suicide", True,
      "{open}i want to kil myself{close}", "{open}feeling sucidal{close}", "{open}i wanna dye{close}",
      "{open}im suicidle{close}", "{open}want to end my lyfe{close}", "{open}i just wana die{close}"),
    F("sui_abbrev", "suicide_dialect", "suicide", True,
      "{open}kms{close}", "{open}honestly want to kms{close}", "{open}i wanna unalive myself{close}",
      "{open}gonna unalive{close}", "{open}i want to end it{close}"),
    F("sui_indirect_notes", "suicide_indirect", "suicide", False,
      "{open}ive written my notes to the kids{close}", "{open}ive left a letter for my family{close}",
      "{open}wrote goodbye letters{close}", "{open}sorted my will and written letters for everyone{close}",
      "{open}the note is on the kitchen table{close}"),
    F("sui_indirect_goodbye", "suicide_indirect", "suicide", False,
      "{open}this is goodbye{close}", "{open}thank you for everything, goodbye{close}",
      "{open}tell my kids i love them{close}", "{open}i wont be here tomorrow{close}",
      "{open}saying my goodbyes tonight{close}"),
    F("sui_indirect_burden", "suicide_indirect", "suicide", False,
      "{open}everyone would be better off without me{close}", "{open}im just a burden to everyone{close}",
      "{open}my family would be better off if i was gone{close}", "{open}im a burden and i want it over{close}",
      "{open}no one would miss me{close}"),
    F("sui_indirect_wake", "suicide_indirect", "suicide", False,
      "{open}i dont want to wake up tomorrow{close}", "{open}hope i dont wake up{close}",
      "{open}i just want to go to sleep and never wake up{close}", "{open}wish i could sleep forever{close}",
      "{open}i dont want to be here anymore{close}"),
    F("sui_indirect_plan", "suicide_indirect", "suicide", False,
      "{open}ive been saving up my tablets{close}", "{open}i have a plan to end things{close}",
      "{open}ive got enough tablets saved to finish it{close}", "{open}i know how im going to do it{close}",
      "{open}theres no point anymore{close}"),
    F("sui_negtrap", "suicide_negation_trap", "suicide", True,
      "{open}im not ok i want to die{close}", "{open}not good, i want to die{close}",
      "{open}im not coping i want to end it all{close}", "{open}no i want to kill myself{close}",
      "{open}not fine want to die{close}"),
    F("sui_negtrap_b", "suicide_negation_trap", "suicide", True,
      "{open}i dont know what to do i want to die{close}", "{open}cant cope anymore i wanna die{close}",
      "{open}no one listens and i want to end my life{close}",
      "{open}not sleeping not eating just want to die{close}"),
    # --- chest pain with arm/jaw -----------------------------------------------------------------
    F("chest_arm", "chest_pain", "chest_pain", True,
      "{open}chest pain going down my left arm{close}", "{open}pain in my chest and my arm is numb{close}",
      "{open}my chest hurts and my jaw aches{close}", "{open}crushing pain in chest{close}",
      "{open}tight chest and pain in my arm{close}"),
    F("chest_b", "chest_pain", "chest_pain", True,
      "{open}bad pains across my chest{close}", "{open}really heavy feeling in my chest and sweating{close}",
      "{open}chest pain and cant breathe properly{close}", "{open}sharp pain in my chest{close}"),
    F("chest_implicit", "chest_pain", "chest_pain", False,
      "{open}pain spreading into my jaw and left arm{close}",
      "{open}my left arm is dead and i feel sick and clammy{close}",
      "{open}like an elephant sitting on me, arm aching{close}", "{open}pressure in my chest wont go{close}"),
    # --- vomiting ---------------------------------------------------------------------------------
    F("vomit", "vomiting", "vomiting", True,
      "{open}been vomiting all day cant keep anything down{close}", "{open}cant keep water down{close}",
      "{open}throwing up everything i drink{close}", "{open}keep being sick, not even water stays down{close}"),
    F("vomit_b", "vomiting", "vomiting", True,
      "{open}sick since {time} and cant keep fluids down{close}", "{open}vomiting for 2 days{close}",
      "{open}cant stop vomiting{close}", "{open}i keep throwing up and cant drink anything{close}"),
    F("vomit_c", "vomiting", "vomiting", False,
      "{open}every time i drink i bring it back up{close}", "{open}puking constantly, not had a drink stay down{close}",
      "{open}been spewing all night even water comes back{close}"),
    # --- severe withdrawal ------------------------------------------------------------------------
    F("withdrawal", "severe_withdrawal", "severe_withdrawal", True,
      "{open}withdrawals are unbearable{close}", "{open}i had a fit {time}{close}", "{open}had a seizure {time}{close}",
      "{open}im hallucinating{close}", "{open}really bad withdrawal, shaking and seeing things{close}"),
    # --- benign look-alikes -----------------------------------------------------------------------
    B("b_odd", "odd",
      "{open}i feel a bit odd today{close2}", "{open}odd pain in my knee{close2}", "{open}theres an odd taste{close2}",
      "{open}the new tablets look odd{close2}", "{open}its odd, my pain is better{close2}",
      "{open}odd days are worse{close2}", "{open}feeling odd after the change{close2}"),
    B("b_odd_b", "odd",
      "{open}i had an odd night{close2}", "{open}an odd twinge now and again{close2}",
      "{open}bit of an odd one but{close2}",
      "{open}the od team phoned{close2}", "{open}oddly enough i feel fine{close2}"),
    B("b_cut_cooking", "cuts",
      "{open}cut my finger chopping onions{close2}", "{open}i cut myself shaving{close2}",
      "{open}nicked myself shaving{close2}", "{open}cut my hand on a tin{close2}",
      "{open}burnt myself on the oven{close2}"),
    B("b_cut_b", "cuts",
      "{open}i cut myself on the garden fence{close2}", "{open}burnt my hand cooking tea{close2}",
      "{open}cut my thumb opening a parcel{close2}", "{open}i hurt myself falling off the step{close2}",
      "{open}hurt my back lifting{close2}"),
    B("b_heart_attack", "figures_of_speech",
      "{open}nearly gave me a heart attack{close2}", "{open}the bill gave me a heart attack{close2}",
      "{open}you nearly gave me a heart attack with that letter{close2}",
      "{open}almost had a heart attack when i saw the price{close2}"),
    B("b_dying_to", "figures_of_speech",
      "{open}dying to know how the group went{close2}", "{open}im dying for a cuppa{close2}",
      "{open}dying to get back to the gym{close2}", "{open}i could murder a brew{close2}"),
    B("b_gasping", "figures_of_speech",
      "{open}gasping for a cup of tea{close2}", "{open}im gasping for a brew{close2}",
      "{open}gasping for a fag{close2}", "{open}absolutely gasping for a drink{close2}"),
    B("b_killing", "figures_of_speech",
      "{open}my back is killing me{close2}", "{open}my knees are killing me today{close2}",
      "{open}this weather is killing me{close2}", "{open}the pain is killing me but im managing{close2}",
      "{open}my feet are killing me{close2}"),
    B("b_killing_b", "figures_of_speech",
      "{open}the kids are killing me{close2}", "{open}work will be the death of me{close2}",
      "{open}i nearly died laughing{close2}", "{open}i could kill my husband, he forgot the shopping{close2}",
      "{open}that film had me in bits{close2}"),
    B("b_overdid", "pacing",
      "{open}i overdid it in the garden{close2}", "{open}overdone it today, back is sore{close2}",
      "{open}think i overdid it at the gym{close2}", "{open}did too much yesterday{close2}",
      "{open}pushed myself too hard walking{close2}"),
    B("b_overdid_b", "pacing",
      "{open}i overdid the housework{close2}", "{open}paying for overdoing it{close2}",
      "{open}boom and bust again, i overdid it{close2}", "{open}went over my pacing limits{close2}"),
    B("b_negated", "negated",
      "{open}no chest pain{close2}", "{open}not suicidal just fed up{close2}",
      "{open}i have not taken any extra{close2}",
      "{open}no thoughts of harming myself{close2}", "{open}i would never hurt myself{close2}"),
    B("b_negated_b", "negated",
      "{open}breathing is fine{close2}", "{open}havent had any extra doses{close2}",
      "{open}i didnt take too many{close2}", "{open}no i havent overdosed{close2}",
      "{open}never had thoughts of suicide{close2}"),
    B("b_negated_c", "negated",
      "{open}no vomiting today{close2}", "{open}not been sick{close2}",
      "{open}i dont want to die, i want to get better{close2}",
      "{open}not had any chest pains{close2}", "{open}no problems with breathing{close2}"),
    B("b_routine", "routine",
      "{open}pain is {score} today{close2}", "{open}took my tablets as planned{close2}",
      "{open}can i change my appointment{close2}", "{open}what time is group on thursday{close2}",
      "{open}running low on my {drug}{close2}", "{open}feeling a bit better{close2}"),
    B("b_routine_b", "routine",
      "{open}been a bit constipated{close2}", "{open}slept badly last night{close2}",
      "{open}i took 2 {solid} this morning like normal{close2}", "{open}missed my dose {time}{close2}",
      "{open}down to 4 tablets a day now{close2}", "{open}reduced my {drug} as planned{close2}"),
    B("b_routine_c", "routine",
      "{open}feel a bit sick after my tablets{close2}", "{open}was sick once this morning but ok now{close2}",
      "{open}a bit shaky but manageable{close2}", "{open}my chest infection is clearing up{close2}",
      "{open}mild withdrawal but coping{close2}", "{open}bit breathless on the stairs as usual{close2}"),
    B("b_medication_q", "medication_questions",
      "{open}can i take paracetamol with my {drug}{close2}", "{open}how many {solid} can i take a day{close2}",
      "{open}is it ok to take an extra paracetamol{close2}", "{open}what if i miss a dose{close2}",
      "{open}do i take 2 or 3 tablets now{close2}"),
    B("b_medication_q_b", "medication_questions",
      "{open}the pharmacy gave me {big} {solid} instead of the usual box{close2}",
      "{open}i have {big} {solid} left{close2}", "{open}collected my {big} {solid} from the chemist{close2}",
      "{open}prescription says {big} tablets for the month{close2}"),
    B("b_family", "family",
      "{open}{rel} will bring me to group{close2}", "{open}{rel} says hello{close2}",
      "{open}{rel} is helping me with my tablets{close2}", "{open}{child} is poorly so i cant come{close2}",
      "{open}{rel} wakes up early so we will be on time{close2}"),
    B("b_dead_idioms", "figures_of_speech",
      "{open}im dead tired{close2}", "{open}phone is dead sorry for late reply{close2}",
      "{open}my leg has gone dead from sitting{close2}", "{open}that group was dead good{close2}",
      "{open}i was dead chuffed{close2}"),
    B("b_end_it", "figures_of_speech",
      "{open}can we end the call early{close2}",
      "{open}want to end my plan early if thats ok{close2}", "{open}cant wait to end this course{close2}"),
    B("b_sick_of", "figures_of_speech",
      "{open}sick of the pain{close2}", "{open}fed up and sick of it all{close2}",
      "{open}sick and tired of waiting{close2}", "{open}im sick to death of this weather{close2}"),
]

# Written after the first test measurement, never run through the detector before being frozen:
# held-out families for the groups that had none in the test set.
HELD_OUT: list[Family] = [
    Family("t_worth", "overdose_worth", "overdose", True, False, (
        "{open}i have had about {worth} of {drug} since this afternoon{close}",
        "{open}used up {worth} of {drug} today{close}", "{open}gone through {worth} of tablets tonight{close}"),
        "test"),
    Family("t_tox_self", "toxicity_self", "breathing", True, True, (
        "{open}my breathing feels really slow and i feel spaced{close}", "{open}i can hardly breathe{close}",
        "{open}im fighting for breath{close}", "{open}feel like im suffocating{close}"), "test"),
    Family("t_withdrawal", "severe_withdrawal", "severe_withdrawal", True, True, (
        "{open}the withdrawals are horrific{close}", "{open}having seizures since cutting down{close}",
        "{open}im seeing things in the room since the reduction{close}", "{open}convulsions this morning{close}"),
        "test"),
    Family("t_sui_explicit", "suicide_explicit", "suicide", True, True, (
        "{open}i am going to kill myself tonight{close}", "{open}i have suicidal thoughts all the time{close}",
        "{open}i feel like taking my own life{close}", "{open}i want to be dead{close}"), "test"),
    Family("t_b_cuts", "cuts", "benign_cuts", False, False, (
        "{open}cut my finger on a can of beans{close2}", "{open}shaving cut on my chin{close2}",
        "{open}burnt my fingers on the toaster{close2}", "{open}cut my leg on the trampoline{close2}"), "test"),
    Family("t_b_pacing", "pacing", "benign_pacing", False, False, (
        "{open}probably overdid the walking yesterday{close2}",
        "{open}my own fault, overdid it on the hoovering{close2}",
        "{open}did too much at the weekend and paying for it{close2}"), "test"),
    Family("t_b_odd", "odd", "benign_odd", False, False, (
        "{open}woke up feeling a bit odd{close2}", "{open}the odd bad day but mostly ok{close2}",
        "{open}odd question but is the group on at easter{close2}"), "test"),
    Family("t_b_medq", "medication_questions", "benign_medication_questions", False, False, (
        "{open}can i take two paracetamol with my {drug}{close2}", "{open}is it ok to have a drink on {drug}{close2}",
        "{open}the chemist has run out of {drug}{close2}", "{open}i have {big} {solid} left in the box{close2}"),
        "test"),
    Family("t_b_family", "family", "benign_family", False, False, (
        "{open}{rel} is picking up my prescription{close2}", "{open}{rel} is poorly so i might be late{close2}",
        "{open}{child} has a cold, can i still come{close2}"), "test"),
]

# Second held-out set ("test2"), written and frozen before the detector was changed after the first
# test measurement: it is the unseen figure for the rules as they are now.
HELD_OUT_2: list[Family] = [
    Family("t2_od_counts", "overdose_counts", "overdose", True, False, (
        "{open}ive just necked {big} of the {solid}{close}",
        "{open}i had {big} of the {drug} in the space of an hour{close}",
        "{open}counted and ive had {big} {solid} since lunch{close}"), "test2"),
    Family("t2_od_containers", "overdose_containers", "overdose", True, False, (
        "{open}i swallowed a full blister of {drug}{close}", "{open}the bottle of {liquid} is empty, i drank it{close}",
        "{open}ive gone through the whole box of {drug}{close}"), "test2"),
    Family("t2_others", "others_took", "overdose", True, False, (
        "{open}{child} has swallowed a {solid} off the floor{close}", "{open}{adult} has raided my {drug}{close}",
        "{open}{child} chewed a {patch}{close}"), "test2"),
    Family("t2_tox", "toxicity_relative", "unresponsive", True, False, (
        "{open}{rel} is snoring really loudly and i cant wake {him}{close}",
        "{open}{rel} has gone really pale and blue round the mouth{close}",
        "{open}{rel} is breathing about 4 times a minute{close}", "{open}{rel} went floppy after {his} tablets{close}"),
        "test2"),
    Family("t2_sh", "self_harm", "self_harm", True, True, (
        "{open}i cut my arms last night{close}", "{open}ive self harmed again{close}",
        "{open}sh'd again, sorry{close}", "{open}i hurt myself again last night{close}"), "test2"),
    Family("t2_sui", "suicide_indirect", "suicide", True, False, (
        "{open}i cant see the point in carrying on{close}", "{open}everyone would be happier if i was gone{close}",
        "{open}i just want to be at peace for good{close}", "{open}ive said goodbye to the kids{close}"), "test2"),
    Family("t2_sui_dialect", "suicide_dialect", "suicide", True, True, (
        "{open}gonna do meself in tonight{close}", "{open}want 2 kill myself{close}",
        "{open}im suicidel{close}", "{open}i wanna end my life{close}"), "test2"),
    Family("t2_chest", "chest_pain", "chest_pain", True, True, (
        "{open}pain in the middle of my chest going up to my jaw{close}",
        "{open}my chest is so tight i feel faint{close}",
        "{open}got chest pains and my arm hurts{close}"), "test2"),
    Family("t2_vomit", "vomiting", "vomiting", True, True, (
        "{open}been vomiting since {time} and cant keep fluids down{close}",
        "{open}sick every time i have a sip of water{close}", "{open}cant even keep water down{close}"), "test2"),
    Family("t2_extra", "extra_doses", "extra_doses", True, True, (
        "{open}took an extra {solid} by accident{close}", "{open}i had my dose and then forgot and had it again{close}",
        "{open}took double the dose {time}{close}"), "test2"),
    Family("t2_b_idioms", "figures_of_speech", "benign_figures_of_speech", False, False, (
        "{open}the pain in my hip is killing me{close2}", "{open}dying to see you all at group{close2}",
        "{open}that nearly gave me a heart attack{close2}", "{open}gasping for a coffee{close2}"), "test2"),
    Family("t2_b_negated", "negated", "benign_negated", False, False, (
        "{open}no thoughts of suicide, just low{close2}", "{open}not taken any extra tablets{close2}",
        "{open}havent been sick at all{close2}", "{open}no chest pains or breathing problems{close2}"), "test2"),
    Family("t2_b_routine", "routine", "benign_routine", False, False, (
        "{open}took my {drug} at 8 as normal{close2}", "{open}pain a bit worse today, about {score}{close2}",
        "{open}i dropped a tablet down the sink{close2}", "{open}can you send me the group times{close2}"), "test2"),
    Family("t2_b_cuts", "cuts", "benign_cuts", False, False, (
        "{open}cut my finger on the lawnmower{close2}", "{open}nicked my hand with the bread knife{close2}",
        "{open}i burnt myself on the kettle{close2}"), "test2"),
]

# Third held-out set ("test3"), written and frozen before the rules were generalised after test2.
HELD_OUT_3: list[Family] = [
    Family("t3_od_counts", "overdose_counts", "overdose", True, False, (
        "{open}i have taken {big} of my {solid} in the last couple of hours{close}",
        "{open}{time} i swallowed {big} {drug} one after the other{close}",
        "{open}took {big} and then some more{close}"), "test3"),
    Family("t3_od_names", "overdose_drug_names", "overdose", True, False, (
        "{open}i took my whole supply of {drug}{close}", "{open}ive taken every last {solid} i had{close}",
        "{open}i took what was left of my {drug} and my {drug2}{close}"), "test3"),
    Family("t3_od_containers", "overdose_containers", "overdose", True, False, (
        "{open}the whole strip of {drug} has gone, i took them{close}",
        "{open}i finished off the bottle of {liquid}{close}",
        "{open}downed the entire bottle of {liquid}{close}"), "test3"),
    Family("t3_patches", "patches", "overdose", True, False, (
        "{open}i have put on {small} {patch}es instead of 1{close}", "{open}{rel} is wearing {small} {patch}es{close}",
        "{open}i put a second {patch} on because the first wasnt working{close}"), "test3"),
    Family("t3_others", "others_took", "overdose", True, False, (
        "{open}{child} had one of my {solid} in {his} mouth{close}", "{open}{adult} has had a load of my {drug}{close}",
        "{open}{child} has drunk my {liquid}{close}"), "test3"),
    Family("t3_tox", "toxicity_relative", "unresponsive", True, False, (
        "{open}{rel} wont come round{close}", "{open}{rel} is really hard to wake up{close}",
        "{open}i cant get {rel} to wake up{close}", "{open}{rel} isnt breathing properly{close}",
        "{open}{rel} has gone a blue colour{close}"), "test3"),
    Family("t3_sh", "self_harm", "self_harm", True, False, (
        "{open}i took a razor to my {bodypart2}{close}", "{open}ive been hurting myself again{close}",
        "{open}cut myself really bad tonight{close}", "{open}i burnt myself with a cigarette on purpose{close}"),
        "test3"),
    Family("t3_sui", "suicide_indirect", "suicide", True, False, (
        "{open}i dont want to be around anymore{close}", "{open}i cant keep going like this, i want it to end{close}",
        "{open}ive had enough of life{close}", "{open}i keep thinking everyone would be better without me{close}",
        "{open}i have been looking up ways to die{close}"), "test3"),
    Family("t3_sui_explicit", "suicide_explicit", "suicide", True, True, (
        "{open}i want to kill my self{close}", "{open}i am having thoughts of suicide{close}",
        "{open}thinking of killing myself{close}", "{open}i wish i was dead{close}"), "test3"),
    Family("t3_neg_trap", "suicide_negation_trap", "suicide", True, True, (
        "{open}im not alright, i want to die{close}", "{open}not good at all and i want to kill myself{close}",
        "{open}i dont feel safe, i might hurt myself{close}"), "test3"),
    Family("t3_chest", "chest_pain", "chest_pain", True, True, (
        "{open}i have got a pain in my chest and it goes into my arm{close}",
        "{open}chest feels like its on fire and tight{close}",
        "{open}my chest is hurting a lot and my jaw too{close}"), "test3"),
    Family("t3_vomit", "vomiting", "vomiting", True, True, (
        "{open}i have been sick all day and can not keep drinks down{close}",
        "{open}vomiting loads, nothing is staying down{close}", "{open}i keep vomiting up any water i drink{close}"),
        "test3"),
    Family("t3_breath", "toxicity_self", "breathing", True, True, (
        "{open}i can not breathe properly{close}", "{open}my breathing is really bad{close}",
        "{open}finding it really hard to breathe{close}"), "test3"),
    Family("t3_b_idioms", "figures_of_speech", "benign_figures_of_speech", False, False, (
        "{open}my shoulder is killing me today{close2}", "{open}im dying for a bath{close2}",
        "{open}the hospital food will kill me{close2}", "{open}gasping for a pint{close2}"), "test3"),
    Family("t3_b_pacing", "pacing", "benign_pacing", False, False, (
        "{open}overdid the shopping and my back is bad{close2}",
        "{open}i did a bit too much walking{close2}"), "test3"),
    Family("t3_b_routine", "routine", "benign_routine", False, False, (
        "{open}i took my {solid} with my breakfast{close2}", "{open}pain is about {score}{close2}",
        "{open}bit breathless in the cold weather{close2}", "{open}i was sick after dinner but fine now{close2}"),
        "test3"),
    Family("t3_b_negated", "negated", "benign_negated", False, False, (
        "{open}im not going to do anything silly{close2}", "{open}i am not having any chest pain{close2}",
        "{open}no i havent taken too many{close2}"), "test3"),
    Family("t3_b_medq", "medication_questions", "benign_medication_questions", False, False, (
        "{open}how many {solid} should i be taking now{close2}",
        "{open}got {big} {solid} from the pharmacy today{close2}",
        "{open}i need a new box of {drug}{close2}"), "test3"),
]

CLOSE_BENIGN = ["", "", "", " thanks", " x", " cheers", " ta", " see you thursday", " thank you", " :)"]
SCORES = ["3", "4", "5", "6", "a 5", "7/10", "5 out of 10", "about 6"]


def _fill(template: str, rng: random.Random, urgent: bool) -> str:
    rel = rng.choice(RELATIVES)
    drug, drug2 = rng.sample(DRUGS, 2)
    slots = {
        "open": rng.choice(OPEN), "close": rng.choice(CLOSE), "close2": rng.choice(CLOSE_BENIGN),
        "drug": drug, "drug2": drug2, "solid": rng.choice(SOLIDS), "liquid": rng.choice(LIQUIDS),
        "patch": rng.choice(PATCHES), "big": rng.choice(BIG), "small": rng.choice(["2", "3", "two", "three", "4"]),
        "small2": rng.choice(["4", "5", "6", "four", "five", "6 or 7"]), "time": rng.choice(TIMES),
        "worth": rng.choice(WORTH), "container": rng.choice(CONTAINERS), "bodypart": rng.choice(BODY),
        "bodypart2": rng.choice(BODY).replace("my ", ""),
        "rel": rel[0], "he": rel[1], "him": rel[2], "his": rel[3], "child": rng.choice(CHILDREN),
        "adult": rng.choice(ADULTS), "score": rng.choice(SCORES), "feeling": rng.choice(FEELING),
    }
    if not urgent:
        slots["open"] = rng.choice(["", "", "hi ", "hello ", "morning ", "just to say ", "fyi "])
    text = template.format(**slots).strip()
    return re.sub(r"\s+", " ", text)


TXT = {"you": "u", "are": "r", "to": "2", "tonight": "2nite", "please": "pls", "because": "cos", "just": "jst",
       "really": "rly", "what": "wot", "myself": "myslef", "going": "goin", "know": "no", "tablets": "tabets",
       "breathe": "breath", "with": "wiv", "something": "summat", "nothing": "nowt"}


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "double"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


def _noise(text: str, rng: random.Random) -> str:
    if rng.random() < 0.25:
        words = text.split()
        i = rng.randrange(len(words))
        words[i] = _typo(words[i], rng)
        text = " ".join(words)
    if rng.random() < 0.2:
        text = " ".join(TXT.get(w, w) if rng.random() < 0.7 else w for w in text.split())
    roll = rng.random()
    if roll < 0.15:
        text = text.upper()
    elif roll < 0.55:
        text = text[:1].upper() + text[1:]
        text = re.sub(r"\bi\b", "I", text)
        text = re.sub(r"\bim\b", "I'm", text)
        text = re.sub(r"\bive\b", "I've", text)
        text = re.sub(r"\bdont\b", "don't", text)
        text = re.sub(r"\bcant\b", "can't", text)
    if rng.random() < 0.3:
        text += rng.choice(["!", "!!", ".", "...", "?", " !!!"])
    return text


def _split_for(index_in_group: int) -> str:
    return "test" if index_in_group % 3 == 2 else "dev"


def build(seed: int = 14) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    group_index: dict[str, int] = {}
    for family in FAMILIES + HELD_OUT + HELD_OUT_2 + HELD_OUT_3:
        index = group_index.get(family.group, 0)
        group_index[family.group] = index + 1
        split = family.split or _split_for(index)
        made, tries = 0, 0
        while made < PER_FAMILY and tries < PER_FAMILY * 20:
            tries += 1
            template = family.templates[made % len(family.templates)]
            text = _noise(_fill(template, rng, family.urgent), rng)
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            rows.append({"text": text, "urgent": family.urgent, "category": family.category, "group": family.group,
                         "explicit": family.explicit, "split": split, "family": family.name, "source": "generated"})
            made += 1
    for i, (text, category, group, explicit) in enumerate(HANDWRITTEN):
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        urgent = not category.startswith("benign")
        rows.append({"text": text, "urgent": urgent, "category": category, "group": group, "explicit": explicit,
                     "split": "test" if i % 3 == 2 else "dev", "family": f"hand_{i:03d}", "source": "handwritten"})
    for split, texts in (("test4", HANDWRITTEN_TEST4), ("test5", HANDWRITTEN_TEST5), ("test6", HANDWRITTEN_TEST6),
                          ("test7", HANDWRITTEN_TEST7), ("test8", HANDWRITTEN_TEST8),
                          ("test9", HANDWRITTEN_TEST9), ("test10", HANDWRITTEN_TEST10),
                          ("test11", HANDWRITTEN_TEST11), ("test12", HANDWRITTEN_TEST12),
                          ("test13", HANDWRITTEN_TEST13), ("test14", HANDWRITTEN_TEST14),
                          ("test15", HANDWRITTEN_TEST15), ("test16", HANDWRITTEN_TEST16)):
        for i, (text, category, group, explicit) in enumerate(texts):
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            rows.append({"text": text, "urgent": not category.startswith("benign"), "category": category,
                         "group": group, "explicit": explicit, "split": split, "family": f"hand{split[4:]}_{i:03d}",
                         "source": "handwritten"})
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    urgent = sum(1 for row in rows if row["urgent"])
    print(f"{len(rows)} texts ({urgent} urgent) -> {OUT}")  # noqa: T201


if __name__ == "__main__":
    main()
