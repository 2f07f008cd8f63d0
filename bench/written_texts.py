"""Everyday texts written for a check of the shipped defaults (issue 18): what is tagged cold.

The shared data is a decade-old British corpus and a Philippine phone's history: neither holds
the texts most phones get today (one-time codes, delivery and booking notices that link to the
sender's site, the share links phones make) nor today's smishing. These few texts, written from
the common templates of each kind, are scored through the whole default engine, each sent cold
(its own sender, its own recipient, no earlier exchange), as the issue's hidden check sends its
texts. They are a check, not data: nothing is trained or tuned on them, and a template written
here says nothing of how often its kind occurs. Figures in ``docs/benchmarks.md``.

For each group: how many texts are tagged or blocked, and those texts with their reasons.

Usage: python bench/written_texts.py [--verbose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform

from clearline.engine import Engine
from clearline.model import Action, Message

#: One-time codes: the commonest texts businesses send.
ONE_TIME_CODES = (
    "HDFC Bank: OTP for txn of INR 2,499.00 at AMAZON is 839201. Valid for 5 mins. Do not share.",
    "Your Google verification code is 583920",
    "G-583920 is your Google verification code.",
    "Your WhatsApp code: 583-920. Don't share this code with others",
    "Your Uber code is 5839. Never share this code.",
    "123456 is your Instagram code. Don't share it.",
    "Use 583920 to verify your Microsoft account.",
    "Your Amazon OTP is 583920. Do not share it with anyone.",
    "Your one-time passcode is 583920. It expires in 10 minutes.",
    "PayPal: Your security code is 583920. Your code expires in 10 minutes. Don't share your code.",
    "Your Chase verification code is 58392012. Don't share it. Chase will never call you for this.",
    "Dear Customer, 583920 is your OTP for login to SBI YONO. Valid for 3 mins. Do not share.",
    "Your tracking number is 9400111202555842761234. Delivery expected Thursday.",
    "Booking confirmed. Ref 2025120412345. Check-in opens 24h before departure.",
)

#: Notices businesses and services send: rides, deliveries, bills, bookings, reminders.
NOTICES = (
    "Your Lyft driver Maria is arriving in a gray Honda Civic, plate 7ABC123.",
    "Walgreens: Your prescription is ready for pickup at 123 Main St. Reply STOP to opt out.",
    "Delta: Flight DL1234 to ATL is delayed. New departure 4:55PM. Check delta.com for updates.",
    "Your DoorDash order from Chipotle is on its way! Track it: https://drd.sh/abc123",
    "Hi Sarah, this is Dr. Lee's office reminding you of your cleaning tomorrow at 10am. Reply Y "
    "to confirm.",
    "PG&E: A power outage affecting your area is expected to be restored by 6PM.",
    "Your Amazon package was delivered. Track at https://www.amazon.com/progress-tracker",
    "Verizon: Your bill of $84.12 is due 12/15. Pay at vzw.com/pay or dial #PMT.",
    "Target: Your order is ready for pickup. Show this text at Guest Services.",
    "Starbucks: Your reward is waiting! Enjoy a free drink on us at participating stores.",
    "Netflix: Your sign-in code is 4921. If you did not request this, ignore this message.",
    "Reminder: Parent-teacher conferences are Thursday 3-7pm. Sign up at signup.com/go/xyz",
    "Your Uber Eats order has been picked up. It'll arrive in 10-15 min.",
    "SBI: Your a/c XX4521 is credited with INR 12,000.00 on 04-Dec by NEFT. Avl Bal INR 56,231.10",
    "Airtel: Your data pack of 1.5GB/day expires tomorrow. Recharge at airtel.in/recharge",
    "Zomato: Your order from Biryani Blues is out for delivery. Track: zoma.to/t/abc",
    "Your Swiggy order is delivered. Rate your experience in the app.",
    "IRCTC: PNR 4512345678, Train 12951, 05-Dec, Coach B3 Berth 21 confirmed.",
    "Thank you for shopping at Tesco. Your Clubcard points balance is 1,240.",
    "Royal Mail: We delivered your parcel to your safe place. Details at royalmail.com/track",
    "NHS: Your COVID-19 booster appointment is on 12 Dec at 10:40 at Riverside Health Centre.",
    "Hi! Your Bolt ride is 3 min away. Driver: Ahmed, Toyota Prius.",
    "Your order #4521 from Etsy seller CraftyCorner has shipped! Track at "
    "https://www.etsy.com/your/purchases",
    "Spotify: Your Premium payment of $10.99 was successful.",
    "Thanks for voting! Your ballot has been received by the County Elections Office.",
    'Reminder from City Library: "The Overstory" is due back on 12/10. Renew at library.city.gov',
    "Wells Fargo: Did you use card ending 4452 for $52.10 at SHELL? Reply YES or NO.",
    "Your Chase card ending in 1234 was charged $45.20 at WHOLE FOODS.",
    "Capital One: Your payment of $250.00 was received. Thank you!",
    "Your Chase statement is ready. View it at chase.com/statements",
    "Thanks for your order from Domino's! Track it at dominos.com/tracker",
)

#: Links people send each other, as their phones write them.
SHARED_LINKS = (
    "check this out https://youtu.be/dQw4w9WgXcQ",
    "lol watch this https://youtu.be/dQw4w9WgXcQ?si=Xyz123",
    "meet here https://maps.app.goo.gl/9XyZabc123",
    "here's the spot https://goo.gl/maps/abc123XYZ",
    "join the call https://us02web.zoom.us/j/81234567890?pwd=abc",
    "https://meet.google.com/abc-defg-hij",
    "look at this https://www.instagram.com/reel/C1xYz123/",
    "haha https://vm.tiktok.com/ZMabc123/",
    "this song!! https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=abc",
    "https://spotify.link/abc123",
    "photos from saturday https://photos.app.goo.gl/abc123XYZ",
    "https://drive.google.com/drive/folders/1AbC?usp=sharing",
    "menu for tonight https://www.doordash.com/store/chipotle-123",
    "https://twitter.com/nasa/status/1234567890",
    "https://x.com/nasa/status/1234567890",
    "https://www.reddit.com/r/aww/comments/abc123/so_cute/",
    "https://en.wikipedia.org/wiki/Hedgehog",
    "https://www.amazon.com/dp/B08N5WRWNW",
    "https://a.co/d/abc1234",
    "https://www.facebook.com/share/v/abc123/",
    "https://fb.watch/abc123/",
    "https://www.bbc.co.uk/news/uk-12345678",
    "https://apple.news/AbC123",
    "https://www.airbnb.com/rooms/12345678",
    "https://www.nytimes.com/2026/12/01/us/story.html",
    "https://venmo.com/u/jake-smith",
)

#: People's own texts.
PEOPLE = (
    "Hey are we still on for dinner at 7?",
    "Can you pick up milk on the way home xxx",
    "Happy birthday!! Hope you have an amazing day, love you lots",
    "urgent - call me when you land, mum's in hospital",
    "Running 10 mins late, traffic is awful",
    "Hey its Jake from the gym, want to grab lunch Saturday?",
    "can u send me the pics from last night lol",
    "Mum says call her when you get a chance, nothing urgent",
    "The meeting moved to Room 4B at 2:30. Bring the Q3 deck.",
    "swhrt how u dey,hope ur ok, tot about u 2day.love n miss.take care.",
)

#: Today's smishing and scams, from the common templates public warnings describe.
SCAMS = (
    "USPS: Your package is on hold due to an incomplete address. Update your details at "
    "https://usps-redelivery.top/track within 12 hours.",
    "The toll balance on your E-ZPass account is overdue. Pay $4.35 now at "
    "https://ezpass-tolls.xyz to avoid a $50 late fee.",
    "Chase: Unusual sign-in detected. Your account has been locked. Verify at "
    "chase-secure-login.com to restore access.",
    "Amazon: Your order #112-4432 for iPhone 15 Pro ($1,299.00) was placed. If this wasn't you "
    "call 1-888-231-0143 immediately.",
    "Hi, is this Jessica? We met at the wine tasting last week. I'd love to catch up!",
    "Congratulations! You've been selected for a remote job, earn $300-$800 per day. Contact us "
    "on WhatsApp: wa.me/16462310000",
    "Your Netflix subscription payment failed. Update your billing info at "
    "netflix-billing-update.com to avoid suspension.",
    "IRS: You are eligible for a tax refund of $1,284.50. Claim here: irs-gov-refund.info/claim",
    "Wells Fargo Alert: Did you attempt a Zelle payment of $950.00 to John Smith? Reply YES or NO.",
    "FedEx: Your parcel 7741-0093 could not be delivered. Reschedule: "
    "http://fdx-reschedule.live/7741",
    "Your Apple ID has been suspended. Visit apple-id-verify.support to unlock your account.",
    "Dear customer your SBI account will be blocked today. Update PAN card at "
    "http://sbi-kyc-update.in now",
    "Mom, I dropped my phone in the toilet, this is my new number. Can you send me $500 for a new "
    "one? Urgent",
    "Get a $750 Cash App reward! Claim now at cashapp-rewards.click before it expires",
    "Your Bank of America debit card has been temporarily restricted. Call 844-231-0199 to "
    "reactivate.",
    "Final notice: your car warranty is about to expire. Reply 1 to speak with an agent.",
    "Hey! Earn up to $5000 weekly working from home. Limited spots. Reply YES for details.",
    "DHL: Your shipment is pending customs fee of $2.99. Pay at dhl-customs-pay.com",
    "Crypto opportunity: turn $200 into $5000 in one week guaranteed. Join t.me/profitsignals",
    "Your PayPal account has been limited. Please log in to restore: paypal.com.secure-verify.net",
)

#: Transactional texts Indian banks, utilities, shops, delivery, ride, rail, insurance, health
#: and school senders send, from their common templates; sent between Indian numbers.
INDIAN_NOTICES = (
    "Sent Rs.2,500.00 from HDFC Bank A/c XX1234 to swiggy@axisbank on 05-12-25. UPI Ref "
    "534712345678. Not you? Call 18002586161 / SMS BLOCK UPI to 7308080808",
    "ICICI Bank Acct XX512 debited for Rs 1,250.00 on 05-Dec-25; BIGBASKET credited. "
    "UPI:534812345678. Call 18002662 for dispute.",
    "Dear SBI UPI User, ur A/cX5678 credited by Rs1500 on 04Dec25 by (Ref no 534899001122)",
    "INR 1,299.00 spent on Axis Bank Card no. XX4521 at AMAZON on 05-12-25 14:32:10. Avl Lmt "
    "INR 48,701.00. Not you? SMS BLOCK 4521 to 919951860002",
    "Statement of your HDFC Bank Credit Card ending 4521 has been sent to your email. Total Amt "
    "Due Rs 8,456.00, Min Amt Due Rs 430.00, payable by 20-12-2025.",
    "Rs 10,000.00 credited to your Kotak Bank a/c XX7788 on 05/12/2025 by NEFT from ACME PVT "
    "LTD. Avl bal Rs 24,310.50. -Kotak Mahindra Bank",
    "BESCOM: Bill for RR No. EHT12345 for Nov-25 is Rs 1,245.00, due on 15-12-2025. Pay online at "
    "bescom.co.in or at your nearest BESCOM counter.",
    "Dear Consumer, your electricity bill for CA No. 60012345678 of Rs 1,845 is due on "
    "12-12-2025. Pay via the Tata Power-DDL app or www.tatapower-ddl.com -TPDDL",
    "Your Airtel Postpaid bill of Rs 599.00 for 98XXXXXX12 is due on 15-Dec. Pay via the Airtel "
    "Thanks app: https://i.airtel.in/pay",
    "Recharge of Rs 299 successful for Jio number 98XXXXXX10. Plan valid till 02-Jan-26. For "
    "usage details, dial 1991 or use the MyJio app.",
    "Tata Play: Recharge of Rs 350 successful for Subscriber ID 1234567890. Balance Rs 412. Next "
    "recharge date 05-Jan-26.",
    "Your Indane LPG refill booking no. 123456 for consumer no. 7654321 is confirmed on "
    "05-12-2025. Delivery Authentication Code: 4821. -Indane",
    "Shipped: Your Amazon.in package with boAt Airdopes 141 will be delivered on Sat, 7 Dec. "
    "Track: https://amzn.in/d/5xYz12A",
    "Delivered: Your Flipkart order OD329871234567890100 containing Redmi Note 13 has been "
    "delivered. Rate your experience: http://fkrt.it/Ab12CdNNNN",
    "Your Swiggy order from Meghana Foods is on the way. Track it live: "
    "https://swiggy.onelink.me/888564224/abc123",
    "Zomato: Ravi has picked up your order from Behrouz Biryani. Track: https://zoma.to/t/abc123",
    "Your Ola ride CRN 1234567890 with Ramesh (KA01AB1234, White Swift Dzire) is arriving in 3 "
    "mins. Share OTP 4821 with the driver.",
    "Rapido: Captain Vijay (KA51EX1234) is on the way. Share OTP 5821 at pickup.",
    "PNR:4521234567,TRN:12951,DOJ:08-12-25,3A,MMCT-NDLS,DEP:17:00,B3 21,Fare:2845 -IRCTC",
    "LIC: Premium of Rs 12,500 for policy no. 123456789 is due on 15-12-2025. Pay online at "
    "licindia.in. Ignore if already paid.",
    "Renewal premium of Rs 25,000 for your HDFC Life policy 12345678 is due on 20-Dec-2025. Pay at "
    "hdfclife.com or call 18602679999.",
    "Your appointment with Dr. Anil Sharma (Cardiology) at Apollo Hospitals, Greams Road is "
    "confirmed for 06-Dec 10:30 AM. For queries call 044-28290200.",
    "Dear Priya, your appointment at Manipal Clinic, Whitefield is on 09-Dec at 5:00 PM. To "
    "reschedule call 080-22221111. -Manipal Hospitals",
    "Dear Parent, PTM for Class 8 will be held on Saturday 13-Dec from 9 AM to 12 noon. Kindly "
    "attend. -Principal, DPS RK Puram",
    "Dear Parent, the Q3 fee of Rs 18,500 for Aarav (Class 5-B) is due by 10-Dec. Pay through the "
    "school app or at the office. -St. Mary's School",
    "Thank you for shopping at Reliance Trends! You earned 120 points, balance 860. Check your "
    "points: bit.ly/rtpts",
    "SIP instalment of Rs 5,000 in Axis Bluechip Fund debited from A/c XX1234 on 05-12-25. Units "
    "will be allotted at the applicable NAV. -Axis MF",
)

#: Indian smishing and scams, from the templates public warnings (banks, CERT-In, police)
#: describe; sent between Indian numbers.
INDIAN_SCAMS = (
    "Dear Customer, your SBI YONO account will be blocked today. Please update your PAN card "
    "immediately: http://sbi-yono-kyc.co/update",
    "Dear consumer your electricity power will be disconnected tonight at 9.30 pm because your "
    "previous month bill was not updated. Please contact our electricity officer 9832145678 "
    "immediately.",
    "HDFC Bank: Your KYC has expired and your account will be suspended in 24 hrs. Update KYC now: "
    "http://hdfc-kyc-update.xyz/in",
    "India Post: Your parcel could not be delivered due to an incomplete address. Please update "
    "your address within 12 hours: https://indiapost-track.top/in",
    "Dear customer, your SBI reward points worth Rs 7,850 will expire today. Redeem now: "
    "http://sbi-rewardz.in/redeem",
    "Your ICICI credit card reward points worth Rs 4,999 expire today. Redeem now by installing "
    "the app: https://bit.ly/icici-rwd",
    "Dear user, your PAN is not linked with Aadhaar and your bank account will be blocked. Link "
    "now: https://pan-aadhaar-link.online",
    "Congratulations! You have won Rs 25,00,000 in the KBC lottery. To claim, call Mr Rana "
    "Pratap on WhatsApp 9876543210",
    "Hi, I am Priya from HR. Earn Rs 5,000-8,000 daily by liking YouTube videos. Part time job, "
    "contact on WhatsApp: wa.me/919876543210",
    "FedEx: A parcel in your name with illegal items has been seized by Mumbai customs. Call "
    "the officer on 8850123456 at once to avoid arrest.",
)

#: Scams with a link, written by a review helper (session 18) from public descriptions of
#: today's text scams (jobs and tasks, investment and crypto, loans, prizes and gift cards,
#: delivery, accounts, subscriptions, tolls, romance and wrong-number openers), with the
#: obfuscations scammers use (look-alike letters, zero-width spaces, odd ways to write an
#: amount). Written to try a rule that delivered a cold text reading as spam for its link alone
#: (withdrawn: docs/content.md); kept as a check of cold scams with links.
LINKED_SCAMS = (
    "Hi, I'm Emma from the recruitment team. We saw your resume and have a flexible "
    "remote position, 1-2 hours a day. Learn more: talentjobs-hr.com/apply",
    "Hello! Are you interested in part-time work from home? Details here: remotework-hub.com/join",
    "Hi, this is Linda from Indeed. Your profile matches our online part-time job. See "
    "www.jobnow-portal.com/start",
    "Bitcoin is up again. My mentor showed me how he grows his portfolio every week, "
    "take a look: cryptogain-pro.com/signup",
    "Our investment group shared great stock picks today, join us: stockclub-vip.com/group",
    "USPS: your package could not be delivered due to an incomplete address. Update "
    "here: usps-redeliver.com/track",
    "Your parcel is waiting for delivery. Please confirm your address: "
    "parcel-redelivery.com/confirm",
    "We tried to deliver your package today. Reschedule at redeliver-now.com/r/8823",
    "Hi, is this David? It's Jessica from the yoga class, here's my pic lol photos-share.net/jess",
    "hey it's me, I changed my number. check out my new profile pics: mypics-album.com/k",
    "Need cash fast? Get approved today at quickloan-now.com/apply",
    "Congratulations! You have been selected for our customer reward. Claim it at "
    "rewards-center.com/claim",
    "You've been chosen! Pick up your free gift at giftcenter-us.com/g",
    "Your account has been locked. Verify at secure-verify.com/login",
    "Unusual sign-in detected on your account. Review at account-review.com/check",
    "Your Netflix subscription has expired. Renew at netflix-renew.com/account",
    "Your subscription will renew today. To cancel visit cancel-sub.com/c",
    "IRS: You are eligible for a tax refund. Submit your claim at irs-refund-claim.com/form",
    "HMRC: you are due a tax refund. Claim at hmrc-refund.co.uk/claim",
    "Toll services: you have an unpaid toll balance. Pay at ezpass-toll.com/pay to avoid fees",
    "Hi! We're hiring for remote positions, flexible hours, daily pay. Apply now at "
    "hirehub-careers.com/apply",
    "Hello, our company is looking for part-time staff. Work from your phone. Contact "
    "us: workflex-team.com/hr",
    "Remote job opportunity: earn extra income from home in your spare time. Info: "
    "jobs-online-now.com",
    "Hi, my name is Sarah, HR at a digital marketing agency. Are you open to a side "
    "job? See details at agency-tasks.com/hr/sarah",
    "Hey, I made great profits with this trading app last month. You should try it: "
    "coinwave-app.com/ref/88",
    "Join our free stock discussion group for daily picks: investclub-group.com/join",
    "Our analyst's AI trading bot doubled my account. Check it out: aibot-trade.com",
    "Your package is on hold at our facility. Schedule redelivery: parcelhold-center.com/schedule",
    "Hi, sorry to bother you, is this Mike? We met at the conference last week. My "
    "website: annamiller-art.com",
    "Hi dear, I saw your profile and wanted to say hi. Here are my photos: sweetdate-pics.com/anna",
    "Pre-approved personal loan waiting for you. See your offer at loanoffer-direct.com",
    "Get the funds you need today, no paperwork. Apply at fastfunds-online.com/apply",
    "Struggling with debt? Consolidate now at debtfree-plan.com",
    "Great news! You're our lucky winner this week. Details at luckydraw-center.com/w",
    "You've been selected to receive an Apple iPhone 15. Claim at promo-iphone.com/c",
    "Thank you for being a loyal customer! A special reward is reserved for you: "
    "loyal-rewards.com/r",
    "We noticed a new login to your account. If this wasn't you, secure it at "
    "login-secure-check.com",
    "Your Apple ID has been disabled. Restore at appleid-restore.com",
    "Your bank card has been temporarily suspended. Reactivate at card-reactivate.com",
    "Complete our 30-second survey and get a gift card: quicksurvey-rewards.com/s",
    "Walmart shopper, your feedback is needed. Take the survey: walmart-feedback-survey.com",
    "Your McAfee subscription renewed automatically. If you didn't authorize this, "
    "visit renew-cancel-help.com",
    "Your Amazon Prime membership is expiring. Renew at prime-member-renew.com",
    "You have an outstanding tax notice. View it at taxnotice-gov.com/view",
    "Hot singles in your area want to chat tonight: localmeet-now.com",
    "Lose weight fast with this one trick: slimfast-keto.com/offer",
    "Your free trial of our premium service is ready. Activate at premium-trial.com/go",
    "Check out this great deal on designer watches: luxwatch-outlet.com",
    "Congrats, a fifty dollar credit is pending on your profile, see it at credit-center-us.com/p",
    "Earn 300-500 daily working from your phone, details at workdaily-team.com/join",
    "Earn 500 USDT a week with our copy trading group: copytrade-club.com/join",
    "Deposit 100 USDT and get 30% more, our platform: usdtgrowth-app.com",
    "Your wallet received 0.25 BTC. View it at wallet-tx-view.com/tx/88af",
    "You can make 5O0 dollars a day from home, see homeincome-plan.com",
    "Make \uff04500 a day from home, see homeincome-plan.com",
    "Make $500 a day from home, see homeincome-plan.com",
    "Make 500 bucks a day from home, see homeincome-plan.com",
    "Make \u20b95000 daily from home, see homeincome-plan.com",
    "Earn AED 800 per day part time, see uae-jobs-online.com/apply",
    "USD fifty is waiting in your account, see funds-portal.com/view",
    "A refund of one hundred twenty dollars is waiting for you at refund-portal-us.com",
    "Make $ 500 a day from home, see homeincome-plan.com",
    "Make $  500 a day from home, see homeincome-plan.com",
    "Make 500$ a day from home, see homeincome-plan.com",
    "Make 500 $ a day from home, see homeincome-plan.com",
    "Hey, hope you're doing well :) My friend earns 500 USDT a week with this copy "
    "trading group, have a look: copytrade-club.com/join",
    "hey, we have a stock discussion group with daily picks, you can join here: "
    "investclub-group.com/join",
    "hi, there is USD fifty waiting for you, see funds-portal.com/view",
    "It was nice talking to you yesterday. This is the platform my uncle uses for gold "
    "trading, you can register here: goldtrade-global.com/register",
    "Hi, we are looking for people to like and rate hotels online, 30-60 minutes a day, "
    "paid daily. Learn more at hotelrate-tasks.com",
    "Hi, I'm Jenny from Sunrise Media. We need people to like YouTube videos, about an "
    "hour a day. Interested? See sunrise-media-work.com",
    "Thank you for your order of Norton 360. Your renewal was processed. Not you? Visit "
    "norton-support-center.com/cancel",
    "Your Target gift card is ready, open it at target-giftcards-online.com",
    "Here is your gift card from a friend, open it at egift-delivery.com/open/8f2a",
    "Help the flood victims today, every bit counts: relief-fund-now.org/donate",
    "I have your videos. Check what I found about you at leak-view.com/you",
    "hey handsome, I'm new in town, let's chat: meetme-local.com/amy",
    "You have a new voicemail. Listen at voicemail-inbox.com/play",
    "You have won a $500 reward! Claim at reward-center-us.com/claim",
    "Y0u have w0n a 5OO dollar rew\xe4rd, see reward-center-us.com/claim",
    "Your account is suspended. Verify your account at acct-verify-center.com",
    "Your \u0430ccount is susp\u0435nded. V\u0435rify your \u0430ccount at acct-verify-center.com",
    "URGENT: your card is blocked, unlock it at card-unlock-center.com",
    "\uff35\uff32\uff27\uff25\uff2e\uff34: your card is blocked, unlock it at "
    "card-unlock-center.com",
    "Call 1-800-555-0199 about your refund or visit refund-center-us.com",
    "Call \uff11\uff18\uff10\uff10\uff15\uff15\uff15\uff10\uff11\uff19\uff19 about your "
    "refund, or visit refund-center-us.com",
    "USPS: your package is held. Update at usps-help-center.com",
    "U\u0405P\u0405: your package is held. Update at usps-help-center.com",
    "Casino bonus tonight at luckyspin-slots.com",
    "C\u0430sino bonus tonight at luckyspin-slots.com",
    "Payday loan approved, get it at quickloan-now.com",
    "P\u0430yday l\u043ean approved, get it at quickloan-now.com",
    "Hi there, hope your week is going well and the weather is nice where you are. We "
    "have a quick note from the team about your recent order with Amazon, see "
    "order-status-view.com/o/1182",
    "Your recent order could not be processed. See order-status-view.com/o/1182",
    "Your order status: paypal.com.secure-review.net/case",
    "Your order status: amaz0n-orders.com/status",
    "Hi! It's Kate, we met at Starbucks last week, here's my insta: kate-photos.net/me",
    "Hi, your friend recommended you for our community, join: community-invite.net/j/2291",
    "Hello, I'm a headhunter. Your LinkedIn profile is impressive. Our company offers "
    "remote positions, see https://careers-globalhr.com/position/7721",
    "I saw your listing on marketplace, is it still available? My mover will pick it "
    "up, see my offer at marketplace-offer-safe.com",
    "Your recent payment was declined. Please review: billing-review-center.com",
    "Your car's extended warranty is about to end. Review your options at autoprotect-plan.com",
    "Student loan forgiveness: you may qualify. See studentaid-relief.com",
    "Medicare: you qualify for a new benefits card. Check at medicare-benefits-card.com",
    "Your energy provider may owe you money. Check at energy-rebate-check.com",
    "USPS: Your package could not be delivered due to an incomplete address. Please "
    "update at usps-redelivery-help.com within 24 hours.",
    "Your package is on hold. Confirm your address to avoid return: parcel-confirm-now.com/a8",
    "FedEx: your parcel delivery failed. Reschedule at fedex-reschedule.com",
    "E-ZPass: You have an outstanding toll balance of $6.99. Pay now to avoid late "
    "fees: ezpass-tolls-pay.com",
    "Your toll payment is overdue. Avoid penalties, pay at tollpay-center.com",
    "Your Netflix account is on hold. Update your payment details at netflix-billing-help.com",
    "Wells Fargo: unusual activity detected on your card. Verify your account at "
    "wf-secure-login.com",
    "Your bank account has been suspended. Verify your identity at bank-verify-id.com",
    "Chase alert: a payment of $899.00 was made. If this was not you, visit "
    "chase-dispute-center.com",
    "Your Apple ID was locked for security reasons. Unlock at appleid-unlock-support.com",
    "Congratulations! You have won a $1000 Walmart gift card. Claim at walmart-winners.com",
    "You have been selected for a free iPhone 15! Claim your prize at promo-iphone-win.com",
    "IRS: You are eligible for a tax refund of $1,245. Submit at irs-refund-gov.com",
    "HMRC: You are due a tax refund of \xa3265.84. Claim now at hmrc-tax-refund.co.uk",
    "Hi, we are hiring remote workers, earn $300-$800 per day. Apply at remote-hiring-now.com",
    "Part-time job: work 1 hour daily and earn $200. Details at parttime-earn.com",
    "Earn up to $5000 a week trading crypto with our AI bot. Join at aicrypto-profit.com",
    "Your Coinbase wallet is locked due to suspicious login. Restore access at "
    "coinbase-restore.com",
    "Get a $5,000 personal loan today, no credit check! Apply at fastloan-approve.com",
    "Your Amazon order #112-8829 for $799 is confirmed. Not you? Cancel at amazon-cancel-order.com",
    "Final notice: your car warranty is about to expire. Renew at auto-warranty-renew.com",
    "Your Microsoft subscription will auto-renew for $399.99 today. To cancel visit "
    "ms-cancel-sub.com",
    "Act now! Limited time offer, 90% off designer bags at luxbags-outlet.com",
    "Your account will be closed within 24 hours. Log in at secure-account-login.com to keep it",
    "Claim your free $50 Amazon gift card now at giftcard-claim-now.com",
    "Dear customer, your SIM will be deactivated today. Update your details at "
    "sim-update-center.com",
    "Your Venmo account has been restricted. Confirm your identity at venmo-verify-id.com",
    "Your electricity will be disconnected tonight due to an unpaid bill. Pay at "
    "power-bill-pay.com",
    "We've detected unauthorized access to your PayPal. Secure your account at "
    "paypal-secure-check.com",
    "Congratulations, you've won the weekly lottery! Claim your winnings at "
    "lottery-claim-center.com",
)

#: Sender and recipient numbers of a group's texts (the text's index fills the last digits):
#: the recipient's country decides which numbers are international call-backs.
US_NUMBERS = ("+1646231{:04d}", "+1718431{:04d}")
INDIAN_NUMBERS = ("+9198450{:05d}", "+9199860{:05d}")

GROUPS = (
    ("one-time codes and reference numbers (wanted)", ONE_TIME_CODES, US_NUMBERS),
    ("notices from businesses and services (wanted)", NOTICES, US_NUMBERS),
    ("links people share (wanted)", SHARED_LINKS, US_NUMBERS),
    ("people's own texts (wanted)", PEOPLE, US_NUMBERS),
    ("Indian transactional texts (wanted)", INDIAN_NOTICES, INDIAN_NUMBERS),
    ("smishing and scams (unwanted)", SCAMS, US_NUMBERS),
    ("Indian smishing and scams (unwanted)", INDIAN_SCAMS, INDIAN_NUMBERS),
    ("scams with a link, written in review (unwanted)", LINKED_SCAMS, US_NUMBERS),
)


def flagged_cold(
    texts: tuple[str, ...], numbers: tuple[str, str] = US_NUMBERS
) -> list[tuple[str, str]]:
    """The texts the default engine tags or blocks, each sent cold, with their reasons.

    Args:
        texts: the texts, each sent once.
        numbers: formats of the sender's and the recipient's numbers, filled with the text's
            index (each text from its own number to its own recipient).
    """
    sender, recipient = numbers
    start = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
    messages = [
        Message(
            id=str(i),
            ts=start + dt.timedelta(seconds=i),
            sender=sender.format(i),
            to=recipient.format(i),
            body=text,
        )
        for i, text in enumerate(texts)
    ]
    found = []
    for text, verdict in zip(texts, Engine().score_batch(messages), strict=True):
        if verdict.action is not Action.DELIVER:
            reasons = ", ".join(f"{r.symbol} {r.score:.1f}" for r in verdict.reasons)
            found.append((text, f"{verdict.action.value} {verdict.score:.1f}: {reasons}"))
    return found


def main() -> None:
    """Score each group and print how many of its texts are flagged."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--verbose", action="store_true", help="show every flagged text")
    args = parser.parse_args()
    print(
        f"# Written texts, each sent cold - {dt.date.today()} - Python {platform.python_version()}"
    )
    for name, texts, numbers in GROUPS:
        found = flagged_cold(texts, numbers)
        print(f"{name}: {len(found)} of {len(texts)} tagged or blocked")
        if args.verbose or "unwanted" not in name:
            for text, why in found:
                print(f"    {text[:70]!r} -> {why}")


if __name__ == "__main__":
    main()
