"""Brands that smishing most often imitates, with the domains that really belong to them.

Sources: the brands named most often in phishing reports (APWG and carrier 7726 reports: banks,
carriers, parcel services, payment apps), plus the Philippine brands impersonated in the
``ph_spam_of_the_times`` data (GCash, BDO, SSS, Maya). A domain that *is* one of the official
domains (or a subdomain of one) is never a lookalike.

``REAL_DOMAINS`` are the registrable domains of other real institutions whose names resemble a
listed brand (the largest banks, carriers, parcel services and payment apps of the US, the UK,
India, Nigeria and the Philippines): one real bank is never "a lookalike" of another
(``icicibank.com`` is not Citibank, ``unionbankofindia.co.in`` is not the Philippine UnionBank).

``tokens`` are the spellings to look for inside a domain; a token of four letters or fewer only
counts as a whole hyphen- or digit-separated part of the domain (so "groups.com" does not imitate
UPS), longer tokens count anywhere and within a small edit distance.
"""

from __future__ import annotations

from typing import Final, NamedTuple

__all__ = [
    "BANK_NAMES",
    "BRANDS",
    "INSTITUTION_DOMAINS",
    "INSTITUTION_NUMBERS",
    "NO_CALL_BACK_BRANDS",
    "REAL_DOMAINS",
    "UTILITY_DOMAINS",
    "Brand",
]


class Brand(NamedTuple):
    """A commonly impersonated brand.

    Attributes:
        name: how people write it.
        tokens: lower-case spellings to look for in a domain.
        official: registrable domains the brand really uses.
    """

    name: str
    tokens: tuple[str, ...]
    official: tuple[str, ...]


BRANDS: Final[tuple[Brand, ...]] = (
    # Banks and card issuers
    Brand("Bank of America", ("bankofamerica", "bofa"), ("bankofamerica.com", "bofa.com")),
    Brand("Chase", ("chase",), ("chase.com", "jpmorganchase.com")),
    Brand("Wells Fargo", ("wellsfargo",), ("wellsfargo.com", "wf.com")),
    Brand(
        "Citibank",
        ("citibank", "citi"),
        ("citi.com", "citibank.com", "citibank.co.in", "citibank.com.ph"),
    ),
    Brand("Capital One", ("capitalone",), ("capitalone.com",)),
    Brand("US Bank", ("usbank",), ("usbank.com",)),
    Brand("American Express", ("americanexpress", "amex"), ("americanexpress.com", "amex.com")),
    Brand("Navy Federal", ("navyfederal",), ("navyfederal.org",)),
    Brand(
        "HSBC", ("hsbc",), ("hsbc.com", "hsbc.co.uk", "hsbc.co.in", "hsbc.com.ph", "hsbc.com.hk")
    ),
    Brand("Barclays", ("barclays",), ("barclays.co.uk", "barclays.com")),
    Brand("Lloyds Bank", ("lloyds", "lloydsbank"), ("lloydsbank.com", "lloyds.com")),
    Brand("NatWest", ("natwest",), ("natwest.com",)),
    Brand("Santander", ("santander",), ("santander.co.uk", "santander.com")),
    Brand("Halifax", ("halifax",), ("halifax.co.uk",)),
    Brand("BDO", ("bdo", "bdounibank"), ("bdo.com.ph", "bdounibank.com")),
    Brand("BPI", ("bpi",), ("bpi.com.ph",)),
    Brand("Metrobank", ("metrobank",), ("metrobank.com.ph",)),
    Brand("UnionBank", ("unionbank",), ("unionbankph.com",)),
    # Payment apps and online money
    Brand("PayPal", ("paypal",), ("paypal.com", "paypal.me", "paypal.co.uk", "paypal.in", "py.pl")),
    Brand("Venmo", ("venmo",), ("venmo.com",)),
    Brand("Zelle", ("zelle", "zellepay"), ("zellepay.com",)),
    # Canada's e-Transfer: its deposit links are on interac.ca (session 22)
    Brand("Interac", ("interac",), ("interac.ca",)),
    Brand("Cash App", ("cashapp",), ("cash.app", "cashapp.com", "squareup.com")),
    Brand("Apple", ("apple", "icloud", "appleid"), ("apple.com", "icloud.com", "apple.co")),
    Brand(
        "Amazon",
        ("amazon",),
        (
            "amazon.com",
            "amazon.co.uk",
            "amazon.in",
            "amazon.de",
            "amazon.ca",
            "amazon.com.au",
            "amazon.co.jp",
            "amazon.fr",
            "amazon.it",
            "amazon.es",
            "amazon.sg",
            "amazon.ae",
            "amzn.to",
            "amzn.eu",
            "a.co",
        ),
    ),
    Brand("Netflix", ("netflix",), ("netflix.com", "netflix.net")),
    Brand(
        "Microsoft",
        ("microsoft", "office365", "outlook"),
        (
            "microsoft.com",
            "live.com",
            "outlook.com",
            "office.com",
            "office365.com",
            "microsoftonline.com",
            "hotmail.com",
            "aka.ms",
        ),
    ),
    Brand(
        "Google",
        ("google", "gmail"),
        (
            "google.com",
            "gmail.com",
            "google.co.uk",
            "google.co.in",
            "google.com.ph",
            "google.com.ng",
            "goo.gl",
            "g.co",
            "youtube.com",
        ),
    ),
    Brand(
        "Facebook", ("facebook",), ("facebook.com", "fb.com", "fb.me", "meta.com", "messenger.com")
    ),
    Brand("WhatsApp", ("whatsapp",), ("whatsapp.com", "whatsapp.net", "wa.me")),
    Brand("Coinbase", ("coinbase",), ("coinbase.com",)),
    Brand("GCash", ("gcash",), ("gcash.com",)),
    Brand("Maya", ("paymaya", "mayabank"), ("maya.ph", "paymaya.com")),
    # Retailers and the tech-support and antivirus names of refund and renewal scams (the
    # businesses most often impersonated in the FTC's Consumer Sentinel reports, with Amazon,
    # PayPal, Microsoft and Apple above)
    Brand(
        "Walmart",
        ("walmart", "samsclub"),
        (
            "walmart.com",
            "walmart.ca",
            "walmart.com.mx",
            "walmartstores.com",
            "walmartmoneycard.com",
            "walmartimages.com",
            "samsclub.com",
        ),
    ),
    Brand(
        "Costco",
        ("costco",),
        (
            "costco.com",
            "costco.ca",
            "costco.co.uk",
            "costco.com.au",
            "costco.com.mx",
            "costco.co.jp",
            "costcotravel.com",
            "costcotravel.ca",
            "costcoauto.com",
            "costcobusinessdelivery.com",
        ),
    ),
    Brand(
        "Best Buy",
        ("bestbuy", "geeksquad"),
        ("bestbuy.com", "bestbuy.ca", "bestbuybusiness.com", "geeksquad.com"),
    ),
    Brand("McAfee", ("mcafee",), ("mcafee.com", "mcafeesecure.com")),
    Brand(
        "Norton",
        ("norton", "lifelock"),
        ("norton.com", "nortonlifelock.com", "lifelock.com", "gendigital.com"),
    ),
    # Carriers
    Brand(
        "Verizon",
        ("verizon", "vzw"),
        ("verizon.com", "verizonwireless.com", "vzw.com", "verizon.net"),
    ),
    Brand("AT&T", ("att",), ("att.com", "att.net")),
    Brand("T-Mobile", ("tmobile",), ("t-mobile.com", "tmobile.com", "t-mo.co")),
    Brand(
        "Vodafone",
        ("vodafone",),
        (
            "vodafone.com",
            "vodafone.co.uk",
            "vodafone.in",
            "vodafone.de",
            "vodafone.ie",
            "vodafone.com.au",
            "vodafone.com.gh",
            "vodafone.co.nz",
        ),
    ),
    Brand("EE", ("ee",), ("ee.co.uk",)),
    Brand("Globe", ("globe",), ("globe.com.ph", "globe.com")),
    Brand("Smart", ("smart",), ("smart.com.ph", "smrt.ph")),
    # Parcel and postal services
    Brand("USPS", ("usps",), ("usps.com",)),
    Brand("UPS", ("ups",), ("ups.com", "ups.co.uk")),
    Brand("FedEx", ("fedex",), ("fedex.com", "fedex.co.uk")),
    # Session 26: every country's domain of the parcel services the blind sets' countries use
    # (a brand's own domains, all of them per country, are never lookalikes: "J&T Express:
    # ... Track at jtexpress.sg" was one)
    Brand(
        "DHL",
        ("dhl",),
        (
            "dhl.com",
            "dhl.de",
            "dhl.co.uk",
            "dhl.co.in",
            "dhl.com.ph",
            "dhl.com.ng",
            "dhl.ie",
            "dhl.com.au",
            "dhl.co.nz",
            "dhl.co.za",
            "dhl.com.sg",
            "dhl.com.my",
            "dhl.co.ke",
            "dhl.com.gh",
            "dhl.ca",
            "dhl.ae",
            "dhl.com.pk",
            "dhl.com.bd",
        ),
    ),
    Brand("Royal Mail", ("royalmail",), ("royalmail.com", "royalmail.co.uk")),
    Brand("Evri", ("evri", "myhermes"), ("evri.com", "myhermes.co.uk", "hermes-europe.co.uk")),
    Brand(
        "Canada Post",
        ("canadapost",),
        ("canadapost.ca", "canadapost-postescanada.ca", "postescanada.ca"),
    ),
    Brand("Australia Post", ("auspost",), ("auspost.com.au",)),
    Brand("LBC Express", ("lbcexpress",), ("lbcexpress.com",)),
    Brand(
        "J&T Express",
        ("jtexpress",),
        (
            "jtexpress.ph",
            "jtexpress.com",
            "jtexpress.sg",
            "jtexpress.my",
            "jtexpress.vn",
            "jtexpress.co.th",
            "jet.co.id",
            "jtexpress.ae",
            "jtexpress.sa",
            "jtexpress.mx",
            "jtexpress.com.br",
        ),
    ),
    # Government benefits and tax (the usual pretexts)
    Brand("IRS", ("irs",), ("irs.gov",)),
    Brand("HMRC", ("hmrc",), ("gov.uk", "hmrc.gov.uk")),
    Brand("SSS", ("sss", "mysss"), ("sss.gov.ph",)),
    Brand("E-ZPass", ("ezpass",), ("e-zpassny.com", "ezpassnj.com", "e-zpassiag.com")),
)

#: Registrable domains of real institutions that are not in ``BRANDS`` but whose names come close
#: to a brand's (the largest banks, carriers, parcel services and payment apps per country).
#: A host under one of these, or under a brand's official domain, is never a lookalike.
REAL_DOMAINS: Final[frozenset[str]] = frozenset(
    {
        # United States
        "pnc.com", "truist.com", "tdbank.com", "td.com", "usaa.com", "schwab.com", "ally.com",
        "discover.com", "citizensbank.com", "key.com", "regions.com", "fifththird.com",
        "huntington.com", "mtb.com", "bnymellon.com", "goldmansachs.com", "morganstanley.com",
        "uscellular.com", "cricketwireless.com", "metrobyt-mobile.com", "boostmobile.com",
        "xfinity.com", "spectrum.com", "mintmobile.com", "visible.com", "ontrac.com",
        "intuit.com", "turbotax.com", "hrblock.com", "sunpass.com", "txtag.org", "ntta.org",
        "bayareafastrak.org", "thetollroads.com",
        # United Kingdom
        "nationwide.co.uk", "rbs.co.uk", "tsb.co.uk", "monzo.com", "starlingbank.com",
        "metrobankonline.co.uk", "virginmoney.com", "firstdirect.com", "bankofscotland.co.uk",
        "co-operativebank.co.uk", "o2.co.uk", "three.co.uk", "giffgaff.com", "bt.com",
        "virginmedia.com", "sky.com", "tescomobile.com", "parcelforce.com", "dpd.co.uk",
        "yodel.co.uk", "dvla.gov.uk",
        # India
        "sbi.co.in", "onlinesbi.sbi", "hdfcbank.com", "icicibank.com", "axisbank.com",
        "kotak.com", "pnbindia.in", "bankofbaroda.in", "canarabank.com",
        "unionbankofindia.co.in", "indusind.com", "idfcfirstbank.com", "yesbank.in",
        "federalbank.co.in", "bankofindia.co.in", "idbibank.in", "indianbank.in", "iob.in",
        "ucobank.com", "centralbankofindia.co.in", "paytm.com", "phonepe.com", "airtel.in",
        "jio.com", "myvi.in", "bsnl.co.in", "indiapost.gov.in", "bluedart.com", "delhivery.com",
        "dtdc.in", "xpressbees.com", "ecomexpress.in", "flipkart.com",
        # Nigeria
        "accessbankplc.com", "gtbank.com", "zenithbank.com", "firstbanknigeria.com",
        "ubagroup.com", "fidelitybank.ng", "stanbicibtcbank.com", "ecobank.com", "fcmb.com",
        "sterling.ng", "unionbankng.com", "wemabank.com", "polarisbanklimited.com",
        "keystonebankng.com", "kudabank.com", "opayweb.com", "palmpay.com", "moniepoint.com",
        "mtn.ng", "mtnonline.com", "airtel.com.ng", "gloworld.com", "9mobile.com.ng",
        "nipost.gov.ng", "gigl-go.com",
        # Philippines
        "landbank.com", "pnb.com.ph", "securitybank.com", "chinabank.ph", "rcbc.com",
        "eastwestbanker.com", "dbp.ph", "psbank.com.ph", "aub.com.ph", "maybank.com.ph",
        "dito.ph", "phlpost.gov.ph", "lto.gov.ph", "mmda.gov.ph", "pldt.com", "pldthome.com",
        "ninjavan.co", "2go.com.ph", "flashexpress.ph",
        "lalamove.com", "grab.com", "shopee.ph", "lazada.com.ph", "lzd.co", "philhealth.gov.ph",
        "pagibigfund.gov.ph", "bir.gov.ph",
        # Session 25 (blind set 16: the other countries of the blind sets). Australia
        "commbank.com.au", "westpac.com.au", "anz.com.au", "anz.com", "nab.com.au",
        "stgeorge.com.au", "ing.com.au", "macquarie.com.au", "bendigobank.com.au",
        "auspost.com.au", "startrack.com.au", "telstra.com.au", "optus.com.au", "linkt.com.au",
        # New Zealand
        "anz.co.nz", "asb.co.nz", "bnz.co.nz", "westpac.co.nz", "kiwibank.co.nz", "nzpost.co.nz",
        "spark.co.nz", "one.nz", "2degrees.nz",
        # Ireland
        "aib.ie", "bankofireland.com", "ptsb.ie", "anpost.com", "dpd.ie", "eflow.ie", "hse.ie",
        "revenue.ie", "three.ie", "eir.ie",
        # Malaysia
        "maybank2u.com.my", "maybank.com", "cimb.com.my", "cimbclicks.com.my",
        "publicbank.com.my", "pbebank.com", "rhbgroup.com", "hlb.com.my", "ambank.com.my",
        "bankislam.com", "pos.com.my", "celcomdigi.com", "celcom.com.my", "digi.com.my",
        "maxis.com.my", "unifi.com.my", "tm.com.my",
        # United Arab Emirates
        "emiratesnbd.com", "adcb.com", "bankfab.com", "mashreq.com", "dib.ae", "rakbank.ae",
        "etisalat.ae", "eand.ae", "du.ae", "emiratespost.ae", "salik.ae",
        # Pakistan
        "hbl.com", "ubldigital.com", "mcb.com.pk", "bankalfalah.com", "meezanbank.com",
        "nbp.com.pk", "jazz.com.pk", "telenor.com.pk", "zong.com.pk", "ufone.com",
        "easypaisa.com.pk", "jazzcash.com.pk",
        # Bangladesh
        "bracbank.com", "dutchbanglabank.com", "thecitybank.com", "ebl.com.bd",
        "grameenphone.com", "robi.com.bd", "banglalink.net", "bkash.com", "nagad.com.bd",
        # Jamaica, Trinidad and Tobago
        "jncb.com", "digicelgroup.com", "discoverflow.co", "jpsco.com", "republictt.com",
        "firstcitizenstt.com", "ttpost.net", "bmobile.co.tt", "tstt.co.tt",
        # Ghana
        "gcbbank.com.gh", "stanbicbank.com.gh", "absa.com.gh", "mtn.com.gh", "telecel.com.gh",
        "airteltigo.com.gh", "ghanapost.com.gh",
        # Kenya
        "kcbgroup.com", "equitybank.co.ke", "ncbagroup.com", "co-opbank.co.ke",
        "safaricom.co.ke", "airtelkenya.com", "posta.co.ke",
        # South Africa
        "fnb.co.za", "capitecbank.co.za", "standardbank.co.za", "absa.co.za", "nedbank.co.za",
        "vodacom.co.za", "mtn.co.za", "telkom.co.za", "postoffice.co.za",
        # Canada
        "rbc.com", "rbcroyalbank.com", "scotiabank.com", "bmo.com", "cibc.com", "desjardins.com",
        "canadapost-postescanada.ca", "canadapost.ca", "purolator.com", "bell.ca", "rogers.com",
        "telus.com", "407etr.com",
        # Singapore
        "dbs.com.sg", "dbs.com", "posb.com.sg", "ocbc.com", "uob.com.sg", "singtel.com", "ns.sg",
        "starhub.com", "m1.com.sg", "singpost.com",
        # The covered countries' largest airlines (carriers of people: their check-in and
        # delay notices link to their own sites)
        "aa.com", "delta.com", "united.com", "southwest.com", "jetblue.com", "alaskaair.com",
        "britishairways.com", "ba.com", "virginatlantic.com", "easyjet.com", "ryanair.com",
        "aerlingus.com", "airindia.com", "goindigo.in", "flyairpeace.com", "arikair.com",
        "philippineairlines.com", "cebupacificair.com", "kenya-airways.com", "flysaa.com",
        "flysafair.co.za", "qantas.com", "virginaustralia.com", "jetstar.com",
        "airnewzealand.co.nz", "aircanada.com", "westjet.com", "singaporeair.com",
        "malaysiaairlines.com", "airasia.com", "emirates.com", "etihad.com", "flydubai.com",
        "piac.com.pk", "biman-airlines.com", "caribbean-airlines.com", "qatarairways.com",
    }
)  # fmt: skip


#: Brands whose domains serve pages anyone can make or links anyone can send: profiles, chats,
#: shared files and forms, payment requests, shorteners, storefronts. A link there says nothing
#: about who wrote the text (job scams move victims to ``wa.me`` chats and Facebook profiles,
#: phishing pages sit on ``docs.google.com`` and ``forms.office.com``).
OPEN_PLATFORM_BRANDS: Final = frozenset(
    {
        "PayPal", "Venmo", "Cash App", "Apple", "Amazon", "Microsoft", "Google", "Facebook",
        "WhatsApp", "Coinbase", "Walmart",
    }
)  # fmt: skip
#: The payment apps, marketplaces and ride or delivery apps among ``REAL_DOMAINS``, for the same
#: reason.
OPEN_PLATFORM_DOMAINS: Final = frozenset(
    {
        "paytm.com", "phonepe.com", "flipkart.com", "opayweb.com", "palmpay.com",
        "moniepoint.com", "grab.com", "lalamove.com", "shopee.ph", "lazada.com.ph", "lzd.co",
        "easypaisa.com.pk", "jazzcash.com.pk", "bkash.com", "nagad.com.bd",
    }
)  # fmt: skip

#: Brands whose own texts never ask the reader to call a number about a charge (they send
#: customers to their app or site): online shops, tech and antivirus companies, payment apps
#: and crypto exchanges, the names of refund and renewal scams ("Your Norton subscription has
#: been renewed for $399.99. If you did not authorize this charge call 1-888-..."). Banks and
#: card issuers are not among them: their real fraud alerts give a number ("Not you? Call
#: 1-800-..."), their own published one (``INSTITUTION_NUMBERS``; a bank of ``BANK_NAMES``
#: asking for a call to another is vishing).
NO_CALL_BACK_BRANDS: Final = frozenset(
    {
        "PayPal", "Venmo", "Zelle", "Cash App", "Apple", "Amazon", "Netflix", "Microsoft",
        "Google", "Facebook", "WhatsApp", "Coinbase", "Walmart", "Costco", "Best Buy", "McAfee",
        "Norton", "Binance", "Kraken", "Crypto.com", "Bybit", "OKX", "KuCoin",
    }
)  # fmt: skip

#: The banks and card issuers among the names a text can speak as (``BRANDS`` and
#: ``impersonation.OTHER_NAMES``), whose published numbers ``INSTITUTION_NUMBERS`` lists.
BANK_NAMES: Final = frozenset(
    {
        "Bank of America", "Chase", "Wells Fargo", "Citibank", "Capital One", "US Bank",
        "American Express", "Navy Federal", "HSBC", "Barclays", "Lloyds Bank", "NatWest",
        "Santander", "Halifax", "BDO", "BPI", "Metrobank", "UnionBank", "SBI", "HDFC Bank",
        "ICICI Bank", "Axis Bank", "Kotak", "Punjab National Bank", "Nationwide", "Monzo", "TSB",
        "GTBank", "Access Bank", "Zenith Bank", "First Bank", "UBA", "Landbank", "Security Bank",
        "RBC", "Scotiabank", "BMO", "CIBC", "CommBank", "NAB", "Westpac", "ANZ", "ASB", "BNZ",
        "Kiwibank", "AIB", "Bank of Ireland", "Absa", "FNB", "Capitec", "Standard Bank",
        "Nedbank", "DBS", "OCBC", "UOB", "Maybank", "CIMB", "Equity Bank", "KCB", "Discover",
        "Emirates NBD", "Mashreq", "ADCB",
        "Regions", "PNC",
    }
)  # fmt: skip

#: Registrable domains of the largest electricity and gas suppliers of the US, the UK, India,
#: Nigeria and the Philippines: their bills and outage notices link there, and "your power will
#: be disconnected tonight" is a common pretext of scams, which cannot link to the real site.
UTILITY_DOMAINS: Final[frozenset[str]] = frozenset(
    {
        # Session 25: Ireland, Malaysia, Ghana, Kenya, South Africa, Canada, Trinidad and Tobago;
        # the UK's electricity networks (their power-cut notices)
        "esb.ie", "esbnetworks.ie", "powercheck.ie", "electricireland.ie", "tnb.com.my", "water.ie",
        "ecg.com.gh", "kplc.co.ke", "eskom.co.za",
        "hydroone.com", "ttec.co.tt", "ukpowernetworks.co.uk", "nationalgrid.co.uk",
        "ssen.co.uk", "enwl.co.uk", "northernpowergrid.com", "spenergynetworks.co.uk",
        # United States
        "pge.com", "coned.com", "duke-energy.com", "sce.com", "fpl.com", "dominionenergy.com",
        "xcelenergy.com",
        # United Kingdom
        "britishgas.co.uk", "edfenergy.com", "octopus.energy", "ovoenergy.com",
        "scottishpower.co.uk",
        # India
        "bescom.co.in", "tatapower-ddl.com", "tatapower.com", "bsesdelhi.com",
        "adanielectricity.com", "mahadiscom.in", "cesc.co.in",
        # Nigeria
        "ikejaelectric.com", "ekedp.com",
        # Philippines
        "meralco.com.ph",
    }
)  # fmt: skip

#: Registrable domains of banks, card issuers, carriers, parcel and postal services, utilities
#: and government services (the listed brands' official domains, ``REAL_DOMAINS`` without open
#: platforms, and ``UTILITY_DOMAINS``): every page under them is the institution's own, which a
#: smishing text cannot link to, since its sender does not control the site.
INSTITUTION_DOMAINS: Final[frozenset[str]] = frozenset(
    {
        domain
        for brand in BRANDS
        if brand.name not in OPEN_PLATFORM_BRANDS
        for domain in brand.official
    }
    | (REAL_DOMAINS - OPEN_PLATFORM_DOMAINS)
    | UTILITY_DOMAINS
)

#: Published customer-care, fraud-report and SMS-banking numbers of large banks (E.164), as
#: their own alerts print them: "Not you? Call 18002586161/SMS BLOCK UPI to 7308080808" (HDFC
#: Bank), "Call 18002662 for dispute. SMS BLOCK 123 to 9215676766" (ICICI Bank), "If not u?
#: call-1800111109 for other services-18001234-SBI", "fwd this SMS to 9223008333/Call 1800111109
#: or 09449112211" (SBI), "Not you? SMS BLOCK 4521 to 919951860002" (Axis Bank). A call or text
#: to one reaches the bank, whoever sent the text, so such a number is no risky call-back and,
#: like a link to the bank's own site, no way for a smishing text to reach its victim. India's
#: banks print them in every transaction alert; the US banks' are their cards' customer-service
#: lines. A number is compared as the recipient's phone would dial it (parsed in the
#: recipient's country): "18002586161" is HDFC's in India, a US toll-free number in the US.
INSTITUTION_NUMBERS: Final[frozenset[str]] = frozenset(
    {
        # India: HDFC Bank
        "+9118002586161", "+9118002026161", "+917308080808",
        # ICICI Bank
        "+9118002662", "+9118001080", "+9118601207777", "+919215676766",
        # State Bank of India
        "+911800111109", "+9118001234", "+9118002100", "+919223008333", "+919449112211",
        # Axis Bank
        "+9118604195555", "+9118605005555", "+9118001035577", "+919951860002",
        "+918691000002",
        # Kotak Mahindra Bank
        "+9118602662666", "+919971056767",
        # HDFC Bank's phone banking; SBI Card's helplines and its SMS number ("SMS BLOCK 6621 to
        # 5676791"); HDFC Life's customer care (session 22: their real alerts were tagged)
        "+9118602676161", "+9118001801290", "+9118601801290", "+915676791", "+9118602679999",
        # United States: Chase, Bank of America, Wells Fargo, Capital One, American Express
        "+18009359935", "+18004321000", "+18008693557", "+18002274825", "+18005284800",
        # The customer-service lines of the shops, tech companies and payment apps of
        # NO_CALL_BACK_BRANDS (a pharmacy's "if you did not place this order call ..." gives
        # its own): Apple (1-800-MY-APPLE), Amazon, PayPal, Microsoft, Best Buy (1-888-BEST-BUY),
        # Walmart (1-800-WAL-MART), Costco and its pharmacy, Netflix, Coinbase
        "+18002752273", "+18882804331", "+18882211161", "+18006427676", "+18882378289",
        "+18009256278", "+18007742678", "+18009552292", "+18665797172", "+18889087930",
        # Session 24: the largest banks of the other countries of the blind sets, the numbers
        # printed in their own alerts and on their cards (blind sets 1-14: NatWest's one-time
        # codes and Nationwide's notices give "03457 888 444", "03457 30 20 11"; a one-time code
        # or an alert that gives only such numbers reaches the bank, whoever sent it).
        # United Kingdom: NatWest, Barclays, Lloyds, HSBC UK, Santander UK, Nationwide,
        # Halifax, Monzo
        "+443457888444", "+443457345345", "+443453000000", "+443457404404", "+448009123123",
        "+443457302011", "+443457203040", "+448008021281",
        # Nigeria: First Bank, Access Bank, UBA
        "+2347080625000", "+23412712005", "+2347003000000", "+23412808822", "+2347002255822",
        # Kenya: NCBA, Equity, KCB
        "+254711056444", "+254763063000", "+254711087000",
        # South Africa: FNB, Capitec, Standard Bank, Absa, Nedbank
        "+27875759404", "+27860102043", "+27860123000", "+27860111515", "+27860555111",
        # Canada: RBC, TD, Scotiabank, BMO, CIBC
        "+18007692511", "+18662223456", "+18004726842", "+18772255266", "+18004652422",
        # Session 25: the United Arab Emirates: Emirates NBD, ADCB, FAB, Mashreq (their
        # "600" numbers are shared-cost lines, which a scam's call-back would be too)
        "+971600540000", "+971600502030", "+971600525500", "+97144244444",
        # Singapore: DBS/POSB, OCBC, UOB (and, session 26, DBS's fraud line that its alerts
        # give, "If unauthorised, call 1800 339 6963", and the banks' local hotlines)
        "+6518001111111", "+6518003633333", "+6518002222121", "+6518003396963", "+6563272265",
        "+6563633333", "+6562222121",
        # Session 26: the other banks of ``BANK_NAMES`` (a bank's call request giving another
        # number is vishing, ``signals.lures``): the Philippines: BDO, BPI, Metrobank,
        # UnionBank, Landbank, Security Bank; the US: Citi, U.S. Bank, Navy Federal, Chase's and
        # Bank of America's card lines, Capital One's fraud line; India: Punjab National Bank,
        # SBI's toll-free lines; the UK: TSB; Nigeria: GTBank, Zenith Bank
        "+63286318000", "+63288910000", "+63288700700", "+63288418600", "+63284057000",
        "+63288879188", "+18009505114", "+18008722657", "+18888426328", "+18004323117",
        "+18007329194", "+18773834802", "+9118001802222", "+9118001032222", "+911800112211",
        "+9118004253800",
        "+443459758758", "+23414480000", "+23412787000",
        # Australia: CommBank, NAB, Westpac, ANZ; New Zealand: ASB, BNZ, Kiwibank, ANZ,
        # Westpac; Ireland: AIB, Bank of Ireland; Malaysia: Maybank, CIMB; the US: Discover,
        # PNC, Regions
        "+61132221", "+61132265", "+61132032", "+61131314", "+64800803804", "+64800275269",
        "+64800113355", "+64800269296", "+64800400600", "+353818724724", "+353818365365",
        "+601300886688", "+60362047788", "+18003472683", "+18887622265", "+18007344667",
    }
)  # fmt: skip
