"""Debt shaming: a lender's threat to expose a borrower who has not paid to everyone they know.

Predatory loan apps in India, Kenya, Nigeria and the Philippines copy a borrower's contacts when
the app is installed, and collect by shame: "Pay today or we will send your photo to all your
contacts as fraud", "Tutatuma ujumbe kwa familia na marafiki wako wote", "ipopost namin kayo sa
FB". They also text the contacts themselves ("Ikaw ay nakalista bilang reference ni Maria ...",
"your contact Bola Adeyemi has defaulted on her loan and listed you as guarantor", "Kofi Mensah
is a thief, he took a loan and refused to pay"). Every one of those countries forbids it
(India's RBI digital lending rules, Kenya's Digital Credit Providers Regulations 2022, Nigeria's
FCCPC guidelines, the Philippine SEC's Memorandum Circular 18 of 2019; in the US the FDCPA
forbids telling third parties of a debt), so the text itself is the abuse, whoever is the lender.

``find_debt_shaming(text)`` finds one: an exposure (``_EXPOSURE``: a threat to send, post or
tell the borrower's debt to their contacts, family, friends, employer or church, or on Facebook
or "everywhere", said by "we" or in the passive, "your family will be informed", "your photo
will be shared with your contacts"; a claim to hold the borrower's contacts; a threat to
disgrace them; the reader named as someone's reference or emergency contact) or a label
(``_LABEL``: the borrower called a thief, a fraud or a chronic debtor, to their face or to a
contact, in a text about a loan, ``_LENDER``) in a text that speaks of a debt unpaid
(``_UNPAID``: overdue, defaulted, not repaid, "utang", "hujalipa", "pay nahi", or a demand with
its threat, "pay today or ...", "if you don't pay", "tell him to pay"). A real lender's
reminder ("EMI of Rs 8,745 is due on 05-Oct", "your loan is overdue, pay to avoid late fees and
a report to the credit bureau", "your guarantor will be notified as per the agreement")
threatens no one the borrower knows but a guarantor who signed; a friend's "can I borrow 500,
I'll pay you back Friday" speaks of no default, and a friend's angry "you still owe me, I'm
telling everyone" has no "we" and no loan; a warning about such apps ("they sent my photos to
all my contacts") has no "we" either.
"""

from __future__ import annotations

import re
from typing import Final

from clearline.content.triggers import WordSet, as_written, word_set

__all__ = ["DEBT_SHAMING_REACH", "debt_shaming_trigger_words", "find_debt_shaming"]

# Matched against the lower-cased text.
# The people of the borrower's life a lender names after "your" (or "his", "her" to a contact).
# Not a guarantor, nor a lending group's members or a chama: one who signed a guarantee, or a
# group that answers for its members' loans, may lawfully be told of the default (a Sacco's
# by-laws, a tenancy, a microfinance group's joint liability), while the apps' "references" are
# contacts who signed nothing. Not "your company" either, a business's own overdue invoice.
_PEOPLE: Final = (
    r"(?:contacts?|contact\s+list|phone\s?book|family|families|relatives|friends(?:\s+list)?|"
    r"employer|boss|office|officemates|workplace|hr|colleagues|co-?workers|church|pastor|"
    r"neighbou?rs|references|referees|mother|mum|mom|mama|father|dad|papa|parents|wife|husband|"
    r"sister|brother|siblings|uncle|aunt|village|whatsapp\s+groups?)"
)
# Whom the lender threatens to tell: the borrower's circle, or everyone they know.
_CIRCLE: Final = (
    # Not the place where the borrower is met ("we will call you at your office"); whole words
    # ("ur" is no circle in "your", nor "her" in "other").
    r"(?<!\bat\s)\b(?:(?:all\s+|every\s+one\s+of\s+|each\s+of\s+)?(?:your|ur|his|her|their)\s+"
    r"(?:\w+\s+)?(?:" + _PEOPLE + r"|children|kids)|(?:everyone|everybody)\s+(?:in|on)\s+"
    r"(?:your|ur|his|her)\s+(?:phone|contacts?|contact\s+list|phone\s?book)|"
    r"(?:every|each|all)\s+(?:numbers?|persons?|contacts?)\s+(?:in|on)\s+(?:your|ur|his|her)\s+"
    r"(?:phone|contacts?|contact\s+list|phone\s?book)|(?:everyone|everybody)\s+(?:you|u)\s+know)"
    # Not a lawful check of the borrower's job ("we will contact your employer to verify your
    # employment"), nor a payroll lender's deduction ("... your employer's payroll to resume
    # deductions").
    r"(?!['’]?s?\s+(?:payroll|accounts|finance)|\s+(?:to|for)\s+(?:verify|verification|confirm|"
    r"resume|reinstate|effect|deduct|deduction|salary|payroll))"
)
# Where the borrower is put on show: Facebook, the newspapers, "everywhere".
_SHOW: Final = (
    r"(?:(?:on|to|in|for)\s+(?:our\s+|every\s+|all\s+|the\s+)?(?:facebook|fb|social\s+media|"
    r"instagram|whatsapp\s+status|tiktok)|in\s+(?:the\s+)?newspapers?|everywhere)"
)
# What the lender will do to the circle ("send", "sending", "sent"; "have told", not a
# family's "we told your mum you'd be late").
_TELL: Final = (
    r"(?:(?:send|share|post|forward|message|call|tell|inform|notify|contact|expose|defame|"
    r"publish|broadcast|circulate|text|visit)(?:s|ed|ing)?\b|(?<=have\s)told\b|"
    r"(?<=already\s)told\b|reach(?:es|ed|ing)?\s+out\b)"
)
# What is spread: the borrower's photo, name, ID; a poster.
_SPREAD: Final = (
    r"(?:sent|shared|posted|forwarded|published|circulated|broadcast(?:ed)?|uploaded|displayed)"
)
# "We will", "we go" (Pidgin), "we shall": a lender's promise, never "we will not" (read after
# a word's start).
_WE_WILL: Final = (
    r"(?:we|we['’]ll)\s+(?:will\s+|shall\s+|go\s+|gonna\s+|are\s+going\s+to\s+|would\s+)?"
    r"(?:(?!not\b|never\b|no\b)\w+\s+){0,5}?"
)
# Each pattern below is one ``\b`` and then its shapes, each starting with a word: ``re`` tests
# the word start once a position and the first letter of each shape, rather than every shape at
# every character.
_EXPOSURE: Final = re.compile(
    r"\b(?:"
    # "We will send your photo to all your contacts", "we shall defame you to everyone in your
    # phonebook", "we start calling your all contacts", "we will be reaching out to your family".
    + _WE_WILL
    + _TELL
    + r"[^.!?\n]{0,80}?"
    + _CIRCLE
    + r"|"
    # "We go post your picture for everywhere", "we will publish your name as a thief on
    # Facebook": the borrower, not the lender's news ("we will post updates on Facebook").
    + _WE_WILL
    + r"(?:post|share|publish|circulate|broadcast|upload|expose|put)(?:s|ed|ing)?\s+"
    r"(?:you|u|him|her|your|ur|his)\b[^.!?\n]{0,60}?" + _SHOW + r"|"
    # "Your photo will be sent to all your contacts as fraud", "his name will be published to
    # all his contacts", "your photo being shared with your family", "your photo goes on our
    # Facebook page", "your face will be on every WhatsApp status of your contacts", "your photo
    # with the word FRAUD is going to your sister".
    r"(?:your|ur|his|her)\s+(?:\w+\s+){0,2}?(?:photos?|pictures?|pics?|images?|details|name|face|"
    r"information|info|id|aadhaar|bvn|poster|flyer|notice|loan|debt)"
    r"(?:\s+(?:with|of)\s+[^.!?\n]{0,40}?)?"
    r"\s+(?:will\s+be\s+|would\s+be\s+|being\s+|gets?\s+)?(?:" + _SPREAD + r"|goes|will\s+go|"
    r"will\s+be\s+on|is\s+going|is\s+being\s+" + _SPREAD + r"|will\s+be\s+exposed)\b"
    r"[^.!?\n]{0,60}?(?:" + _CIRCLE + r"|" + _SHOW + r")|"
    # "It will be sent to 236 of your contacts" (the poster just named).
    r"(?:it|this|the\s+(?:message|poster|flyer|notice|broadcast))\s+will\s+be\s+"
    + _SPREAD
    + r"\b[^.!?\n]{0,60}?"
    + _CIRCLE
    + r"|"
    # The circle itself will be told: "your employer will be notified today", "your neighbours
    # and your employer will be told", "everyone in your contacts will know by tonight",
    # "contacts will be informed in 30 minutes", "your mother will receive a call" (not "your
    # children will receive their report cards", a school's, nor "your family plan members will
    # receive a text": only a list of the circle before "will").
    r"(?:(?:your|ur|his|her)\s+(?:\w+\s+)?" + _PEOPLE + r"|(?:everyone|everybody)\s+(?:in|on)\s+"
    r"(?:your|ur)\s+(?:\w+\s+)?(?:phone|contacts?|contact\s+list|phone\s?book)|contacts)"
    r"(?:(?:\s*,|\s+and|\s+&)[\w\s,'’&-]{0,40}?)?\s+(?:will|shall|are\s+going\s+to|go)\s+"
    r"(?:all\s+|now\s+|soon\s+|also\s+)?"
    r"(?:be\s+(?:informed|notified|told|called|contacted|messaged|texted|alerted)|know|"
    r"find\s+out|hear|(?:receive|get|be\s+receiving|be\s+getting)\s+(?:a\s+|an\s+|the\s+|"
    r"your\s+|ur\s+)?(?:\w+\s+){0,2}?(?:message|sms|call|text|notice|photo|picture|pic|"
    r"broadcast|alert|poster)s?)\b|"
    # A broadcast made ready: "preparing a WhatsApp broadcast to all your contacts".
    r"(?:broadcast|poster|flyer)s?\s+(?:to|for)\s+(?:all\s+)?(?:your|ur)\s+(?:\w+\s+)?"
    r"(?:contacts?|contact\s+list|phone\s?book)\b|"
    # A claim to hold the borrower's contacts: "we have all your contacts", "we don get all your
    # contacts", "your mobile contacts are with us", "your contacts have been uploaded".
    r"we\s+(?:have|got|hold|don\s+get)\s+(?:all\s+)?(?:of\s+)?(?:your|ur)\s+(?:\w+\s+)?"
    r"(?:contacts|contact\s+list|phone\s?book)\b|"
    r"(?:your|ur)\s+(?:\w+\s+)?contacts?\s+(?:list\s+)?(?:are\s+with\s+us|(?:has|have)\s+been\s+"
    r"(?:uploaded|copied|saved|synced|collected|exported|downloaded))\b|"
    # Disgrace without a circle: "we will name and shame you", "before we disgrace you finish".
    r"(?:we|we['’]ll)\s+(?:will\s+|shall\s+|go\s+|gonna\s+|are\s+going\s+to\s+|would\s+)?"
    r"(?:name\s+and\s+shame|disgrace|humiliate|expose)\s+(?:you|u|him|her)\b|"
    # The reader as someone's reference: "listed you as a reference", "gave your number as
    # emergency contact", "you are a reference of Rahul", "you were listed as next of kin by"
    # (not "you are listed as guarantor on the tenancy", who signed).
    r"(?:listed|named|gave|given|put|used|added|mentioned|provided|indicated)\s+(?:you|"
    r"(?:your|ur|this)\s+(?:name|number|contact))\s+(?:down\s+)?as\s+(?:a\s+|an\s+|his\s+|"
    r"her\s+|their\s+|the\s+)?(?:character\s+)?(?:reference|guarantor|referee|"
    r"emergency\s+contact|next\s+of\s+kin)\b|"
    r"(?:are|were|been)\s+(?:listed|named|added|put|given|indicated|mentioned)\s+(?:down\s+)?"
    r"as\s+(?:a\s+|an\s+|his\s+|her\s+|their\s+|the\s+)?(?:character\s+)?(?:reference|referee|"
    r"emergency\s+contact|next\s+of\s+kin)\b|"
    r"you\s+are\s+(?:a\s+|the\s+|his\s+|her\s+|their\s+)(?:reference|referee|"
    r"emergency\s+contact)\b|"
    # ... or a contact told so: "you are in the contacts of Purity", "to all the contacts of".
    r"(?:are|were|all)\s+(?:in|among|of)\s+the\s+(?:contacts|phone\s?book|contact\s+list)\s+"
    r"of\b|"
    r"(?:bilang|as\s+(?:his|her|their))\s+(?:contact\s+)?(?:reference|guarantor)\b|"
    r"kayo\s+(?:po\s+)?ang\s+(?:nakalagay\s+na\s+|nakalistang\s+)?(?:contact\s+)?"
    r"(?:reference|emergency\s+contact)\b|ginawang\s+(?:contact\s+)?(?:reference|guarantor)\b|"
    # Tagalog: "ipopost namin kayo sa FB", "ipapakalat namin sa lahat ng contacts mo", "i-text
    # namin lahat ng contacts mo", "Ipamahagi sa lahat".
    r"(?:ipo-?post|ipapost|i-?(?:post|text)\s+(?:ka\s+)?namin|ipapakalat|ikakalat|ipagkakalat|"
    r"ipapahiya|ipahiya|ite-?text|itetext|tatawagan|ipapaalam|ipapadala|ipapasa|ipamahagi)\b"
    r"[^.!?\n]{0,60}?\b(?:contacts?|fb|facebook|social\s+media|pamilya|kamag-?anak|barangay|"
    r"employer|amo|online|lahat|kaibigan|officemates|trabaho)\b|"
    # Tagalog, the circle told: "lahat ng nasa phonebook mo makakatanggap ng message".
    r"lahat\s+ng\s+(?:nasa\s+)?(?:contacts?|phonebook|kaibigan|kamag-?anak)\b[^.!?\n]{0,20}?"
    r"\b(?:makakatanggap|makakaalam|malalaman|makakabasa|makikita)\b|"
    # Swahili and Sheng: "tutatuma ujumbe kwa familia na marafiki wako", "tutawaambia wote
    # kwenye contacts zako", "tutaambia mama yako na boss yako", "tutakuanika Facebook",
    # "tumeanza kutuma ujumbe kwa contacts zako" (not a chama treasurer's "tutatuma taarifa ya
    # michango kwa group ya WhatsApp").
    r"(?:tutatuma|tutawaambia|tutaambia|tutawatumia|tutawajulisha|tutaweka|tutapost|"
    r"tutasambaza|tutakuanika|tutakuaibisha|tumeanza|tumetuma|tunatuma|tumewatumia|"
    r"tumewaambia)\b"
    r"[^.!?\n]{0,60}?\b(?:contacts?|familia|marafiki|ndugu|facebook|mtandao|kanisa|kazini|"
    r"(?:mama|baba|wazazi|boss|mke|mume)\s+(?:yako|wako))\b|"
    # ... the photo sent: "picha yako itatumwa kwa marafiki zako wote"; and the circle told:
    # "boss wako na wafanyakazi wenzako watajua", "familia yako itasikia".
    r"picha\s+(?:yako|zako)\s+(?:itatumwa|zitatumwa|itawekwa|zitawekwa|itasambazwa|"
    r"zitasambazwa)\b[^.!?\n]{0,60}?\b(?:contacts?|familia|marafiki|ndugu|facebook|wazazi|"
    r"whatsapp)\b|"
    r"(?:familia|marafiki|ndugu|mama|wazazi|boss|wafanyakazi|contacts?)\s+(?:yako|wako|zako|"
    r"wenzako)\b[^.!?\n]{0,50}?"
    r"\b(?:watajua|watasikia|wataambiwa|watapokea|wataona|itajua|itasikia)\b|"
    # Hindi and Hinglish: "aapke sabhi contacts ko call karke bataenge", "tumhari photo sabhi
    # contacts ko FRAUD bol ke bhej denge", "sab contacts ko message jayega", "tere ghar walo ko
    # bata denge".
    r"(?:contacts?|family|friends|relatives|rishtedaro\w*|rishtedar|dosto\w*|office|"
    r"ghar\s*wal\w*|parivar)\b[^.!?\n]{0,50}?"
    r"\b(?:karenge|denge|jayega|jaega|bataenge|bhejenge)\b|"
    # Hindi in Devanagari (whose vowel signs are no word letters to ``\b``): "आपके सभी
    # कॉन्टैक्ट्स को बताया जाएगा", "परिवार और रिश्तेदारों को तुम्हारी फोटो भेज देंगे".
    r"(?<!\S)(?:कॉन्टैक्ट्स|कॉन्टैक्ट|परिवार|रिश्तेदारों|रिश्तेदार|दोस्तों)(?=\s)[^।.!?\n]{0,50}?"
    r"(?:बताया\s+जाएगा|बता\s+देंगे|बताएंगे|भेज\s+देंगे|भेजेंगे|भेजा\s+जाएगा|कॉल\s+करेंगे|"
    r"सूचना\s+दी\s+जाएगी)"
    r")"
)
# Names a lender calls a borrower.
_NAME: Final = (
    r"(?:thief|thieves|fraudster|fraud|scammer|criminal|cheater|cheat|con\s?man|con\s+artist|"
    r"crook|swindler|estafador|(?:chronic|serial|shameless|notorious)\s+(?:debtor|defaulter)|"
    r"loan\s+(?:fraud|defaulter))"
)
# "a big", "a liar and a", "a liar, a": what a lender puts before the name.
_BEFORE_NAME: Final = (
    r"(?:an?\s+)?(?:(?:big|real|total|known|wanted|useless|ungrateful|liar|debtor|defaulter|"
    r"deadbeat)[,\s]+(?:and\s+)?(?:an?\s+)?){0,3}"
)
_LABEL: Final = re.compile(
    r"\b(?:"
    # To the borrower: "tell them you are a thief", "you're a deadbeat and a thief", "you are a
    # big fraud", "say you be ole", "Wewe ni mwizi!", "SCAMMER ka!", "aap chor ho", "ikaw ay
    # scammer", "as a fraud" (not "report it as fraud"; nor a warning's "if an app says you are a
    # fraud").
    r"(?<!says\s)(?<!saying\s)(?<!claims\s)(?<!claiming\s)"
    r"(?:you\s+are|you['’]re|u\s+are|ur\s+a|say\s+you\s+be|you\s+be|that\s+you|"
    r"(?<!\bit\s)(?<!\bthis\s)(?<!\bthat\s)as)\s+(?!not\b|no\b|never\b)"
    + _BEFORE_NAME
    + _NAME
    + r"\b|say\s+(?:you|u)\s+be\s+ole\b|"
    # Of the borrower, to a contact: "She is a defaulter and fraud", "who is a thief and refuses
    # to pay", "Your brother is a shameless debtor", "She is a defaulter who has refused to pay".
    r"(?:he|she|who|and|they|person|friend|contact|brother|sister|son|daughter|husband|wife|"
    r"colleague|employee|relative|customer|borrower|client)\s+(?:is|are)\s+"
    r"(?!not\b|no\b|never\b)" + _BEFORE_NAME + r"(?:" + _NAME + r"|debtor|defaulter)\b|"
    # ... or by name, "Kofi Mensah is a thief" (not "Okash is a fraud", a warning about an app,
    # nor "the app is a scam").
    r"(?!(?:it|this|that|which|what|there|here|app|apps|company|lender|message|sms|text|"
    r"link|site|offer|loan|call|number|website|page|account|scheme)\s)\w+\s+is\s+"
    r"(?!not\b|no\b|never\b)" + _BEFORE_NAME + r"(?!fraud\b)" + _NAME + r"\b|"
    r"(?:thief|fraudster|scammer)\s+who\s+(?:took|collected|borrowed|refused|refuses|"
    r"collect)\b|"
    r"(?<!mimi\s)(?:wewe\s+|yeye\s+|uko\s+)?ni\s+mwizi\b|uko\s+mwizi\b|"
    r"(?:scammer|magnanakaw|manloloko|estafador)\s+(?:ka|siya)\b|"
    r"(?:ikaw|siya)\s+ay\s+(?:isang\s+)?(?:scammer|magnanakaw|manloloko|estafador)\b|"
    r"isa\s+(?:kang|siyang)\s+(?:scammer|magnanakaw|manloloko|estafador)\b|"
    r"(?<!app\s)(?<!\bye\s)(?<!yeh\s)(?:chor|fraud)\s+(?:ho|hai|bol\s+ke|bolke|bata\w*)\b|"
    r"(?<!\S)(?:चोर|धोखेबाज़|धोखेबाज़|धोखेबाज|फ्रॉड)(?=\s)\s*(?:है|हो|हैं|कहीं)"
    r")"
)
# A name alone is a lender's only in a text about a loan or a debt: a friend's "you took my
# last slice, thief" or "he is a thief, he still hasn't paid me back" speaks of neither.
_LENDER: Final = re.compile(
    r"\b(?:loans?|utang|mkopo|mikopo|deni|debts?|debtor|defaulter|defaulted|lending|lender|emi|"
    r"dues|owes?\s+us|owing|our\s+(?:money|company)|borrowed\s+from\s+us|umekopa|amekopa|"
    r"ulikopa)\b|लोन|कर्ज"
)
# A debt unpaid, said to the borrower or of a contact: not a loan offered or applied for.
_UNPAID: Final = re.compile(
    # Every shape starts with a letter, which ``re`` checks before trying the rest.
    r"\b(?:"
    r"overdue\b|defaulted\b|defaulter\b|debtor\b|in\s+default\b|unpaid\b|arrears\b|past\s+due\b|"
    r"not\s+(?:yet\s+)?(?:re)?paid\b|(?:have|has|had)n['’]?t\s+(?:yet\s+)?(?:re)?paid\b|"
    r"(?:refused|refuses|failed|neglected)\s+to\s+(?:re)?pay\b|"
    r"(?:doesn['’]?t|does\s+not|don['’]?t|do\s+not|never|won['’]?t)\s+(?:re)?pay\s+(?:back|"
    r"(?:his|her|your|their)\s+(?:debts?|bills?|loans?))\b|"
    r"(?:loan|debt|balance|amount|dues)\s+(?:is\s+)?outstanding\b|"
    r"outstanding\s+(?:loan|debt|balance|amount|dues)\b|"
    r"payment\s+(?:is\s+)?not\s+(?:done|made|received)\b|"
    r"no\s+wan\s+pay\b|utang\b|nagbabayad\b|magbayad\b|magbabayad\b|nagbayad\b|binabayaran\b|"
    r"pagbabayad\b|hujalipa\b|usipolipa\b|kulipa\b|umechelewa\b|kuchelewa\b|kurudisha\b|deni\b|"
    r"(?:your|ur|his|her)\s+(?:outstanding|debt|default)\b|owing\b|owes?\s+us\b|you\s+owe\b|"
    r"absconding\b|not\s+returning\b|dodging\b|ukakimbia\b|amekimbia\b|ametoroka\b|"
    # A demand with its threat: "pay today or we ...", "Pay Rs 4500 within 2 hours otherwise",
    # "just pay. Otherwise", "payment kar do warna", "lipa hiyo loan ama tutapost"; or a demand
    # a debtor gets: "pay up" (not "pay up to 24 months"), "pay nahi kiya", "pay to stop these
    # messages", "pay your loan", "pay within 2 hours".
    r"(?:pay|repay)(?:ment)?\b(?:(?:\W+\w+){0,10}?\W+(?:otherwise\b|or\s+(?:else|we|we['’]ll|"
    r"your|ur|all|everyone|everybody|face)\b|(?:warna|varna)\b|nahi\s+to\b|la\s+sivyo\b|"
    r"ama\s+tu\w+)|\s+(?:nahi\b|up\b(?!\s+to\b)|to\s+stop\b|(?:the|your|ur|his|her|our|"
    r"up\s+her|up\s+his)\s+(?:loan|debt|money|dues|balance|amount)\b|(?:\w+\s+){0,3}?"
    r"(?:with)?in\s+(?:\d+|one|an?)\s*(?:hours?|hrs?|minutes?|mins?)\b))|"
    r"if\s+(?:you|u)\s+(?:don['’]?t|dont|do\s+not|fail\s+to|refuse\s+to|no)\s+(?:re)?pay\b|"
    r"unless\s+(?:you\s+(?:re)?pay|(?:the\s+|your\s+)?(?:loan|debt|balance|payment|amount|"
    r"dues|(?:re)?pay|paid))\b|"
    r"(?:tell|ask|warn|advise|remind|inform|make)\s+(?:him|her|them)\s+(?:to\s+)?(?:(?:re)?pay|"
    r"settle)\b|"
    r"clear\s+(?:the\s+|your\s+|ur\s+|his\s+|her\s+|all\s+)?(?:dues|balance|loan|debt|"
    r"arrears|outstanding)\b|"
    # Hinglish: "loan ka paisa abhi tak nahi diya", "loan nahi bharega", "loan chukao", "loan
    # leke bhaag gaya", "loan abhi bhar warna".
    r"(?:loan|paisa|paise|emi|amount|udhaar|udhar)\b(?:[^.!?\n]{0,30}?\bnahi\s+(?:diya|kiya|"
    r"chukaya|bhara|bharega|bharoge|chukaega|chukayega|lautaya|diye)\b|\s+(?:\w+\s+)?"
    r"(?:chukao|lautao|bharo)\b)|"
    r"leke\s+(?:bhaag|bhag|baith|gayab)\b|"
    r"(?:bhar|bharo|chuka|chukao|lauta|jama\s+karo|jama\s+kar)\s+(?:do\s+|de\s+)?"
    r"(?:warna|varna|nahi\s+to)\b|"
    # Swahili: "lipa deni", "lipa sasa", "mwambie alipe".
    r"lipa\s+(?:sasa|leo|deni|mkopo|hiyo|pesa)\b|alipe\b|"
    # Hindi: "आपका लोन बकाया है", "आज भुगतान नहीं किया तो", "जमा करो वरना", "लोन नहीं चुकाया".
    r"(?<!\S)(?:(?:बकाया|वरना)(?=[\s!-/:-@]|$)|भुगतान\s+नहीं|नहीं\s+(?:चुकाया|लौटाया))"
    r")"
)
# One of them is in every text ``_UNPAID`` matches.
_UNPAID_WORDS: Final[WordSet] = word_set(
    "overdue defaulted defaulter debtor default unpaid arrears past paid repaid pay repay "
    "payment repayment utang nagbabayad magbayad magbabayad nagbayad binabayaran pagbabayad "
    "hujalipa usipolipa kulipa umechelewa kuchelewa kurudisha deni outstanding debt owing owe "
    "owes absconding returning dodging settle ukakimbia amekimbia ametoroka unless clear nahi "
    "chukao lautao bharo leke warna varna lipa alipe बकाया भुगतान वरना नहीं"
)

#: How much of a text the finder reads.
DEBT_SHAMING_REACH: Final = 1_000

# Every exposure or label names the circle, a label, a reference or a disgrace in one of these
# words.
_CIRCLE_WORDS: Final[WordSet] = word_set(
    "contact contacts phonebook phone book family families relatives friends employer boss "
    "office officemates workplace hr colleagues coworkers co workers church pastor neighbours "
    "neighbors references referees mother mum mom mama father dad papa parents wife husband "
    "sister brother siblings uncle aunt children kids village guarantor everyone everybody "
    "facebook fb social instagram whatsapp tiktok newspaper newspapers everywhere shame "
    "disgrace humiliate expose thief thieves fraudster fraud scammer criminal cheater cheat "
    "conman con crook swindler estafador debtor defaulter ole mwizi magnanakaw manloloko chor "
    "reference referee emergency kin familia marafiki ndugu mtandao wazazi baba mke mume "
    "wafanyakazi kazi kazini kanisa pamilya kamag anak barangay amo online lahat kaibigan "
    "trabaho rishtedar rishtedaro rishtedaron dosto doston walo walon wale parivar ghar "
    "gharwalo gharwale gharwalon कॉन्टैक्ट्स कॉन्टैक्ट परिवार रिश्तेदारों रिश्तेदार दोस्तों चोर "
    "धोखेबाज़ धोखेबाज़ धोखेबाज फ्रॉड"
)


def find_debt_shaming(text: str, words: WordSet | None = None) -> str | None:
    """The exposure a lender threatens a borrower with, or the name it calls them, as written,
    in a text that speaks of a debt unpaid (see the module's notes), or ``None``.

    Args:
        text: a message body.
        words: ``word_set(text)`` when the caller has it already (or only the words it
            indexes, the trigger words among them).
    """
    words = word_set(text) if words is None else words
    if words.isdisjoint(_UNPAID_WORDS):
        return None
    head = text[:DEBT_SHAMING_REACH]
    # The circle's words are read here, in the few texts that speak of a debt, rather than
    # kept by a batch's prefilter: "phone", "family" and "online" are in many texts.
    if word_set(head).isdisjoint(_CIRCLE_WORDS):
        return None
    lowered = head.lower()
    if _UNPAID.search(lowered) is None:
        return None
    found = _EXPOSURE.search(lowered)
    if found is None:
        found = _LABEL.search(lowered)
        if found is None or _LENDER.search(lowered) is None:
            return None
    return as_written(head, lowered, found)


def debt_shaming_trigger_words() -> WordSet:
    """Words without which ``find_debt_shaming`` finds nothing (those of an unpaid debt)."""
    return _UNPAID_WORDS
