"""Brands that smishing most often imitates, with the domains that really belong to them.

Sources: the brands named most often in phishing reports (APWG and carrier 7726 reports: banks,
carriers, parcel services, payment apps), plus the Philippine brands impersonated in the
``ph_spam_of_the_times`` data (GCash, BDO, SSS, Maya). A domain that *is* one of the official
domains (or a subdomain of one) is never a lookalike.

``tokens`` are the spellings to look for inside a domain; a token of four letters or fewer only
counts as a whole hyphen- or digit-separated part of the domain (so "groups.com" does not imitate
UPS), longer tokens count anywhere and within a small edit distance.
"""

from __future__ import annotations

from typing import Final, NamedTuple

__all__ = ["BRANDS", "Brand"]


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
    Brand("Citibank", ("citibank", "citi"), ("citi.com", "citibank.com")),
    Brand("Capital One", ("capitalone",), ("capitalone.com",)),
    Brand("US Bank", ("usbank",), ("usbank.com",)),
    Brand("American Express", ("americanexpress", "amex"), ("americanexpress.com", "amex.com")),
    Brand("Navy Federal", ("navyfederal",), ("navyfederal.org",)),
    Brand("HSBC", ("hsbc",), ("hsbc.com", "hsbc.co.uk")),
    Brand("Barclays", ("barclays",), ("barclays.co.uk", "barclays.com")),
    Brand("Lloyds Bank", ("lloyds", "lloydsbank"), ("lloydsbank.com", "lloyds.com")),
    Brand("NatWest", ("natwest",), ("natwest.com",)),
    Brand("Santander", ("santander",), ("santander.co.uk", "santander.com")),
    Brand("Halifax", ("halifax",), ("halifax.co.uk",)),
    Brand("BDO", ("bdo", "bdounibank"), ("bdo.com.ph",)),
    Brand("BPI", ("bpi",), ("bpi.com.ph",)),
    Brand("Metrobank", ("metrobank",), ("metrobank.com.ph",)),
    Brand("UnionBank", ("unionbank",), ("unionbankph.com",)),
    # Payment apps and online money
    Brand("PayPal", ("paypal",), ("paypal.com", "paypal.me")),
    Brand("Venmo", ("venmo",), ("venmo.com",)),
    Brand("Zelle", ("zelle", "zellepay"), ("zellepay.com",)),
    Brand("Cash App", ("cashapp",), ("cash.app", "cashapp.com")),
    Brand("Apple", ("apple", "icloud", "appleid"), ("apple.com", "icloud.com")),
    Brand("Amazon", ("amazon",), ("amazon.com", "amazon.co.uk", "amzn.to")),
    Brand("Netflix", ("netflix",), ("netflix.com",)),
    Brand("Microsoft", ("microsoft", "office365", "outlook"), ("microsoft.com", "live.com")),
    Brand("Google", ("google", "gmail"), ("google.com", "gmail.com")),
    Brand("Facebook", ("facebook",), ("facebook.com", "fb.com")),
    Brand("WhatsApp", ("whatsapp",), ("whatsapp.com",)),
    Brand("Coinbase", ("coinbase",), ("coinbase.com",)),
    Brand("GCash", ("gcash",), ("gcash.com",)),
    Brand("Maya", ("paymaya", "mayabank"), ("maya.ph", "paymaya.com")),
    # Carriers
    Brand("Verizon", ("verizon", "vzw"), ("verizon.com", "verizonwireless.com", "vzw.com")),
    Brand("AT&T", ("att",), ("att.com", "att.net")),
    Brand("T-Mobile", ("tmobile",), ("t-mobile.com", "tmobile.com")),
    Brand("Vodafone", ("vodafone",), ("vodafone.com", "vodafone.co.uk")),
    Brand("EE", ("ee",), ("ee.co.uk",)),
    Brand("Globe", ("globe",), ("globe.com.ph",)),
    Brand("Smart", ("smart",), ("smart.com.ph",)),
    # Parcel and postal services
    Brand("USPS", ("usps",), ("usps.com",)),
    Brand("UPS", ("ups",), ("ups.com",)),
    Brand("FedEx", ("fedex",), ("fedex.com",)),
    Brand("DHL", ("dhl",), ("dhl.com", "dhl.de")),
    Brand("Royal Mail", ("royalmail",), ("royalmail.com",)),
    Brand("Evri", ("evri", "myhermes"), ("evri.com",)),
    Brand("Canada Post", ("canadapost",), ("canadapost.ca", "canadapost-postescanada.ca")),
    Brand("Australia Post", ("auspost",), ("auspost.com.au",)),
    Brand("LBC Express", ("lbcexpress",), ("lbcexpress.com",)),
    Brand("J&T Express", ("jtexpress",), ("jtexpress.ph", "jtexpress.com")),
    # Government benefits and tax (the usual pretexts)
    Brand("IRS", ("irs",), ("irs.gov",)),
    Brand("HMRC", ("hmrc",), ("gov.uk",)),
    Brand("SSS", ("sss", "mysss"), ("sss.gov.ph",)),
    Brand("E-ZPass", ("ezpass",), ("e-zpassny.com", "ezpassnj.com", "e-zpassiag.com")),
)
