"""Who the demo is about: the organization, its brands, their people and what they post about.

Plain data only. Topic texts are sized so every platform's derived caption stays inside the
network limits (bodies under 450 characters, short lines under 190); the deliberately
oversized and hostile captions live in demo_hostile.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ORGANIZATION = {"id": 310, "name": "Northlight Social Agency"}


@dataclass(frozen=True)
class Topic:
    title: str  # YouTube title / Pin title: under 90 characters
    short: str  # X, Bluesky, TikTok, Spotlight: under 150 characters
    body: str  # Instagram, Facebook, Threads, LinkedIn: under 450 characters
    tags: tuple[str, ...]
    path: str  # appended to the brand's site for links


@dataclass(frozen=True)
class DemoBrand:
    id: int
    name: str
    slug: str
    handle: str  # the brand's handle on the networks (no @)
    site: str
    zone: str  # where the team posts from (posting hours are local)
    users: tuple[int, ...]  # Dash user ids: uploaders, approvers
    people: tuple[tuple[str, str], ...]  # (first, last) for media source_data
    volume: float  # mean posts per weekday
    weekend: float  # weekend volume factor
    platform_weights: dict[str, int]
    slots: tuple[tuple[int, int], ...]  # local posting times (hour, minute)
    approvals: float  # share of posts under APPROVAL_REQUIRED
    boards: tuple[tuple[str, str, bool], ...]  # Pinterest: (name, description, protected)
    mentions: tuple[str, ...]
    ctas: tuple[str, ...]
    openers: tuple[str, ...]
    media_words: tuple[str, ...]  # filename stems for the library
    topics: tuple[Topic, ...] = field(default_factory=tuple)

    def link(self, topic: Topic) -> str:
        return f"{self.site}{topic.path}"

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "slug": self.slug,
                "organization": dict(ORGANIZATION), "organization_id": ORGANIZATION["id"]}


EMBER = DemoBrand(
    id=144, name="Ember & Oak Coffee Roasters", slug="ember-oak-coffee", handle="emberandoak",
    site="https://emberandoak.coffee", zone="America/Los_Angeles",
    users=(77315, 77318, 78002, 78114), people=(("Maya", "Okafor"), ("Theo", "Lindqvist")),
    volume=3.0, weekend=0.45,
    platform_weights={"instagram": 6, "facebook": 3, "tiktok": 3, "twitter": 3, "threads": 2,
                      "linkedin": 2, "youtube": 1, "snapchat": 1, "pinterest": 2, "bluesky": 2},
    slots=((7, 30), (9, 0), (11, 15), (12, 30), (15, 0), (17, 45), (19, 30)),
    approvals=0.08,
    boards=(("Brew Guides", "Pour-over, AeroPress and cold brew, step by step.", False),
            ("Cafe Interiors", "Our three cafes and the roastery floor.", False),
            ("Holiday Gifting", "Gift sets, mugs and subscriptions.", False),
            ("Wholesale Lookbook", "For partners only.", True)),
    mentions=("@guji_highlands_coop", "@portlandlatteart", "@barista.theo", "@huila_growers"),
    ctas=("Link in bio.", "Shop the roast via the link in bio.", "Tag someone who needs a refill.",
          "Tell us how you brew it 👇", "Available in all three cafes today."),
    openers=("Fresh off the roaster:", "Roast day!", "New on the shelf ☕", "Brew tip:",
             "Morning ritual, upgraded.", "From farm to cup:"),
    media_words=("guji-bag", "latte-art", "roastery-floor", "cold-brew-pour", "v60-bloom",
                 "cafe-hawthorne", "green-beans", "cupping-table", "aeropress", "holiday-tin"),
    topics=(
        Topic("Ethiopia Guji Natural is back", "Ethiopia Guji Natural is back: blueberry, jasmine, "
              "a syrupy finish. Limited run of 200 bags.",
              "Ethiopia Guji Natural is back for the season. Grown at 2,100 m by the Guji "
              "Highlands "
              "cooperative and dried on raised beds for 21 days, it tastes like blueberry jam, "
              "jasmine and dark chocolate. We roasted it light so the fruit does the talking. Only "
              "200 bags this year, so set a reminder.",
              ("#specialtycoffee", "#ethiopiancoffee", "#lightroast", "#coffeebeans",
               "#singleorigin"), "/products/ethiopia-guji-natural"),
        Topic("How to brew the perfect V60 (4-6 method)", "The 4:6 V60 method in 60 seconds: "
              "20 g coffee, 300 g water, five pours. Sweet, clear, repeatable.",
              "Our head barista Theo swears by the 4:6 method for a V60. 20 g of medium-fine "
              "coffee, 300 g of water at 94 °C, five pours of 60 g every 45 seconds. The first two "
              "pours shape sweetness and acidity, the last three set the strength. Total time "
              "about three and a half minutes.",
              ("#v60", "#pourover", "#brewguide", "#homebarista", "#coffeetime"),
              "/guides/v60-4-6-method"),
        Topic("Cold brew season starts now", "Cold brew season is officially open 🧊 Our "
              "Nitro Honey Oat is back at every cafe.",
              "Cold brew season is officially open. We steep our Colombia Huila for 18 hours, then "
              "charge it with nitrogen for that creamy cascade. New this year: Nitro Honey Oat "
              "with local wildflower honey. Grab one on your way to work, or pick up a 1 L growler "
              "to take home.",
              ("#coldbrew", "#nitrocoldbrew", "#icedcoffee", "#portlandcoffee"),
              "/menu/cold-brew"),
        Topic("Latte art throwdown: sign-ups open", "Latte art throwdown at the Hawthorne cafe, "
              "Friday 7 pm. $10 entry, all proceeds to the food bank.",
              "Our spring latte art throwdown is back at the Hawthorne cafe, Friday at 7 pm. "
              "Sixteen baristas, single elimination, judged by three local champions. $10 entry, "
              "every dollar goes to the Oregon Food Bank. Spectators welcome, pastries on us.",
              ("#latteart", "#throwdown", "#baristalife", "#portland"),
              "/events/latte-art-throwdown"),
        Topic("Meet the growers: Huila, Colombia", "We spent a week with the growers of Huila. "
              "Here's what direct trade really looks like.",
              "We spent a week in Huila, Colombia with the families behind our house espresso. "
              "We pay 2.4 times the fair-trade minimum and sign three-year contracts so growers "
              "can plan ahead. This season they invested in a new solar dryer, and you can taste "
              "the difference in the cup.",
              ("#directtrade", "#colombiancoffee", "#coffeefarmers", "#sustainability"),
              "/stories/huila-2026"),
        Topic("Our new compostable bags", "Every bag we ship is now home-compostable, valve "
              "included. ♻️",
              "Big packaging news: every bag we ship is now home-compostable, valve and label "
              "included. It took us two years and four failed prototypes to get a bag that keeps "
              "beans fresh for 12 weeks. Bring any old Ember & Oak bag to a cafe and we will "
              "compost it for you.",
              ("#compostable", "#zerowaste", "#sustainablecoffee"), "/sustainability"),
        Topic("Subscription: pick your roast, skip anytime", "Coffee subscription: pick your "
              "roast, pick your rhythm, skip anytime. First bag 20% off.",
              "Never run out again. Our subscription ships freshly roasted beans every one, two "
              "or four weeks, and you can skip or swap any delivery in two taps. First bag is "
              "20% off with code FRESHSTART. Roasted Monday, shipped Tuesday, in your cup by "
              "Thursday.",
              ("#coffeesubscription", "#freshroasted", "#coffeelover"), "/subscribe"),
        Topic("AeroPress recipe from our 2026 champion", "Theo's championship AeroPress recipe: "
              "inverted, 18 g, 250 g water at 85 °C, 2 minute steep.",
              "Theo took second at the regional AeroPress championship with this recipe: "
              "inverted, 18 g coffee ground like sea salt, 250 g water at 85 °C, stir three "
              "times, steep two minutes, press gently for 30 seconds, dilute with 50 g hot "
              "water. Try it with our Kenya Nyeri.",
              ("#aeropress", "#aeropressrecipe", "#brewing", "#kenyacoffee"),
              "/guides/aeropress-championship"),
        Topic("Wholesale: coffee for your cafe or office", "Running a cafe or an office kitchen? "
              "Our wholesale team trains your staff for free.",
              "Running a cafe, restaurant or office kitchen? Our wholesale partners get free "
              "barista training, equipment servicing and a dedicated roast profile. We now "
              "supply 46 businesses across Oregon and Washington, and we would love to add "
              "yours.",
              ("#wholesalecoffee", "#coffeeforbusiness", "#cafeowner"), "/wholesale"),
        Topic("Holiday Blend preorders are open", "Holiday Blend preorders are open 🎁 Spiced "
              "plum, cocoa and orange peel.",
              "Holiday Blend preorders are open. This year it is a washed Rwanda with a natural "
              "Brazil: spiced plum, cocoa nib and a bright orange-peel finish. Comes in our "
              "letterpress tin, designed by Portland artist June Ito. Ships the first week of "
              "December.",
              ("#holidayblend", "#coffeegifts", "#giftideas"), "/products/holiday-blend"),
    ),
)

SUMMIT = DemoBrand(
    id=2000, name="Summit Trail Outfitters", slug="summit-trail", handle="summittrailco",
    site="https://summittrail.example.com", zone="America/Denver",
    users=(81022, 81023, 81090), people=(("Priya", "Raman"), ("Jonah", "Whitfield")),
    volume=1.5, weekend=1.2,
    platform_weights={"instagram": 5, "facebook": 3, "tiktok": 2, "twitter": 2, "threads": 1,
                      "linkedin": 1, "youtube": 3, "snapchat": 1, "pinterest": 3, "bluesky": 1},
    slots=((6, 45), (8, 0), (12, 0), (16, 30), (18, 0), (20, 15)),
    approvals=0.05,
    boards=(("Trail Ready", "Gear lists for every season.", False),
            ("Camp Kitchen", "Recipes that weigh nothing.", False),
            ("National Parks Bucket List", "Where we want to go next.", False)),
    mentions=("@rmtrailcrew", "@leavenotrace", "@priya.runs.far", "@coloradoavalanche"),
    ctas=("Shop the gear at the link in bio.", "Where are you headed this weekend?",
          "Save this for your next trip 📌", "See you on the trail."),
    openers=("Trail report:", "New in store:", "Gear check ✅", "Weekend plans?",
             "Field tested:"),
    media_words=("ridge-run", "tent-pitch", "rain-shell", "trailhead", "camp-stove",
                 "alpine-lake", "store-boulder", "repair-bench"),
    topics=(
        Topic("Ridgeline 3L rain shell: field tested", "The Ridgeline 3L shell survived 40 days "
              "of Colorado monsoon. Now in 6 colors.",
              "We put the new Ridgeline 3L shell through 40 days of Colorado monsoon season. "
              "Pit zips that actually work, a hood that turns with your head, and it packs into "
              "its own chest pocket. 380 g in a men's medium. Now in six colors, including "
              "the return of Glacier Blue.",
              ("#hikinggear", "#rainjacket", "#outdoorgear", "#colorado"),
              "/gear/ridgeline-3l-shell"),
        Topic("Trail cleanup day at Chautauqua", "Trail cleanup Saturday 8 am at Chautauqua "
              "trailhead. Gloves and coffee provided.",
              "Join us Saturday at 8 am at the Chautauqua trailhead for our spring trail "
              "cleanup with the Rocky Mountain trail crew. We bring gloves, bags and coffee; "
              "you bring sturdy shoes. Last year 84 volunteers cleared 310 kg of litter and "
              "rebuilt two water bars.",
              ("#trailcleanup", "#leavenotrace", "#boulder", "#volunteer"),
              "/events/trail-cleanup"),
        Topic("Ultralight tent buyer's guide 2026", "Sub-1 kg tents compared: what you gain and "
              "what you give up.",
              "Thinking about going ultralight? We compared six tents under a kilogram on "
              "weight, livable space, condensation and wind stability. Short version: single "
              "wall saves grams, double wall saves your sleep. Full comparison table and our "
              "staff picks on the blog.",
              ("#ultralight", "#backpacking", "#tentlife", "#gearguide"),
              "/blog/ultralight-tent-guide-2026"),
        Topic("Free gear repair clinic", "Free repair clinic every first Tuesday: zippers, "
              "seams, sleeping pads.",
              "Broken zipper? Delaminating boots? Our repair bench is open and free every first "
              "Tuesday of the month, 5 to 8 pm. Last month we fixed 62 items that would "
              "otherwise have been thrown away. Bring your gear, whatever brand it is.",
              ("#repairdontreplace", "#gearrepair", "#sustainability"), "/repair"),
        Topic("Avalanche awareness night", "Avalanche awareness night with CAIC forecasters. "
              "Free, registration required.",
              "Before you head into the backcountry: join forecasters from the Colorado "
              "Avalanche Information Center for a free avalanche awareness night. Reading the "
              "forecast, companion rescue basics and a beacon practice park in our parking lot. "
              "Space is limited to 60 people.",
              ("#avalanchesafety", "#backcountry", "#skitouring"), "/events/avalanche-night"),
        Topic("Trail runner of the month: Priya Raman", "Meet Priya: 100 miles at Leadville "
              "in the Summit Trail Velo shoes.",
              "Our trail runner of the month is Priya Raman, who just finished the Leadville "
              "100 in 26 hours and 41 minutes. Her kit: Velo trail shoes, a 5 L vest, and "
              "a lot of boiled potatoes. Read her race report and her three tips for first-time "
              "ultra runners.",
              ("#trailrunning", "#ultrarunning", "#leadville"), "/stories/priya-leadville"),
        Topic("Spring camping checklist", "Our spring camping checklist: layers, a warm bag and "
              "a plan B for snow.",
              "Spring camping in the Rockies means sun at noon and snow at night. Our checklist: "
              "a bag rated to -7 °C, an insulated pad (R-value 4+), a puffy, a beanie, "
              "microspikes and a plan B campsite below 2,500 m. Printable version on the blog.",
              ("#camping", "#springcamping", "#rockymountains", "#checklist"),
              "/blog/spring-camping-checklist"),
        Topic("Member weekend: 20% off everything", "Member weekend: 20% off everything in "
              "store and online, Friday to Sunday.",
              "Member weekend is here: 20% off everything in store and online, Friday to "
              "Sunday. Not a member yet? It is free, takes a minute, and also gets you free "
              "repairs and early access to the used-gear swap. Stock up before summer.",
              ("#sale", "#membersonly", "#outdoorgear"), "/members"),
    ),
)

MUSEUM = DemoBrand(
    id=3100, name="Harbor City Museum of Art & History", slug="harbor-city-museum",
    handle="harborcitymuseum", site="https://harborcitymuseum.example.org", zone="America/New_York",
    users=(90210, 90211, 90377), people=(("Ines", "Carvalho"), ("Sam", "Adeyemi")),
    volume=1.0, weekend=1.6,
    platform_weights={"instagram": 4, "facebook": 4, "tiktok": 1, "twitter": 3, "threads": 2,
                      "linkedin": 2, "youtube": 2, "snapchat": 1, "pinterest": 2, "bluesky": 3},
    slots=((9, 0), (10, 30), (13, 0), (16, 0), (18, 30)),
    approvals=0.55,
    boards=(("Collection Highlights", "Objects from 4,000 years of harbor history.", False),
            ("Family Days", "Workshops and activities for kids.", False),
            ("Exhibition Design", "Behind the scenes of our galleries.", False),
            ("Press Previews", "Embargoed material.", True)),
    mentions=("@harborcityarts", "@conservator.ines", "@cityofharbor", "@maritimeheritage"),
    ctas=("Plan your visit at the link in bio.", "Free for members.",
          "Share your favorite object with us.", "Open Tuesday to Sunday, 10 to 5."),
    openers=("Object of the week:", "Now on view:", "From the archive:", "Behind the scenes:",
             "This weekend at the museum:"),
    media_words=("gallery-north", "lighthouse-lens", "conservation-lab", "family-workshop",
                 "ship-model", "archive-map", "night-at-museum", "curator-talk"),
    topics=(
        Topic("Maritime Lights: opening this Friday", "Maritime Lights opens Friday: 200 years of "
              "lighthouse lenses, restored and lit.",
              "Maritime Lights opens this Friday. For the first time in 90 years, the 1857 "
              "first-order Fresnel lens from Gull Point is lit again, alongside 40 objects from "
              "the keepers who tended it. Members' preview Thursday evening; timed tickets for "
              "the opening weekend are going fast.",
              ("#museum", "#maritimehistory", "#lighthouse", "#exhibition"),
              "/exhibitions/maritime-lights"),
        Topic("Free First Fridays", "Free admission every first Friday, 5 to 9 pm, with live "
              "music in the atrium.",
              "Every first Friday of the month, admission is free from 5 to 9 pm, with live "
              "music in the atrium, a cash bar and pop-up talks by our curators. This month: "
              "the Harbor Strings Quartet and a 15-minute tour of our newest acquisition.",
              ("#freefirstfriday", "#museumnight", "#harborcity"), "/visit/first-fridays"),
        Topic("Inside the conservation lab", "Inside our conservation lab: 300 hours to clean "
              "one 18th-century ship portrait.",
              "Behind the scenes in our conservation lab: conservator Ines Carvalho spent 300 "
              "hours removing a century of varnish and soot from this 1764 portrait of the "
              "brig Endeavour. Under the grime: a second ship nobody had seen since it was "
              "painted.",
              ("#conservation", "#museumfromhome", "#arthistory", "#painting"),
              "/stories/endeavour-conservation"),
        Topic("Family workshop: build a paper lighthouse", "Family workshop Saturday: build a "
              "paper lighthouse that really lights up. Ages 5-11.",
              "Saturday family workshop: build a paper lighthouse with a real LED lamp and learn "
              "how lighthouse keepers kept ships safe. Ages 5 to 11, accompanied by an adult. "
              "Free with admission, materials included, drop in any time between 11 and 3.",
              ("#familyfun", "#kidsworkshop", "#museumkids"), "/families/workshops"),
        Topic("Curator talk: the harbor in 100 maps", "Curator talk Thursday: how the harbor "
              "changed, told in 100 maps.",
              "Join curator Sam Adeyemi on Thursday at 6 pm for a talk on how our harbor changed "
              "shape over four centuries, told through 100 maps from the museum archive. Landfill, "
              "storms, railways and one very ambitious canal that was never built.",
              ("#maps", "#cityhistory", "#curatortalk"), "/events/harbor-in-100-maps"),
        Topic("Become a member", "Members get free admission all year, previews and 10% off in "
              "the shop.",
              "Membership pays for itself in two visits: free admission all year, members' "
              "previews of every exhibition, 10% off in the shop and cafe, and reciprocal "
              "admission at 300 museums. Every membership also funds a free school visit.",
              ("#museummembership", "#supportthearts"), "/join"),
        Topic("Object of the week: the 1890 diving helmet", "Object of the week: a copper diving "
              "helmet that went 30 m down in 1890.",
              "Object of the week: this copper-and-brass diving helmet was used by harbor "
              "salvage divers in the 1890s. It weighs 18 kg and fed air through a hand-cranked "
              "pump on the boat above. Diver Tomas Reyes wore it to recover the bell of the "
              "Mary Ellen in 1893.",
              ("#objectoftheweek", "#museumcollection", "#diving", "#history"),
              "/collection/diving-helmet-1890"),
    ),
)

HIDDEN = DemoBrand(
    id=4200, name="Lumen Skin Studio", slug="lumen-skin", handle="lumenskinstudio",
    site="https://lumenskin.example.com", zone="Europe/London",
    users=(99001,), people=(("Ava", "Sutton"),),
    volume=0.3, weekend=1.0,
    platform_weights={"instagram": 4, "tiktok": 3, "facebook": 1},
    slots=((10, 0), (19, 0)), approvals=0.0,
    boards=(("Routines", "Morning and evening routines.", False),),
    mentions=("@ava.skin",), ctas=("Link in bio.",), openers=("New:",),
    media_words=("serum", "studio"),
    topics=(
        Topic("Vitamin C serum restock", "Our vitamin C serum is back in stock.",
              "Our vitamin C serum is back in stock, in a new airless pump that keeps it "
              "stable for six months after opening.", ("#skincare",), "/serum"),
    ),
)

ACCESSIBLE = (EMBER, SUMMIT, MUSEUM)
ALL_BRANDS = (EMBER, SUMMIT, MUSEUM, HIDDEN)
