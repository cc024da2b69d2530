"""Word lists for the demo network: varied enough to look like a real address book."""

FIRST_NAMES = (
    "Aisha", "Alejandro", "Amara", "Ana", "Andrei", "Anna", "Arjun", "Astrid", "Ayumi",
    "Beatriz", "Ben", "Bianca", "Carlos", "Caroline", "Chen", "Chloe", "Chidi", "Daniel",
    "Dario", "Dmitri", "Elena", "Elif", "Emma", "Erik", "Fatima", "Felix", "Fiona", "Francesca",
    "Gabriel", "Grace", "Hana", "Hannah", "Hiro", "Ines", "Ingrid", "Isabel", "Ivan", "Jakob",
    "James", "Jana", "Javier", "Jin", "Joanna", "Jonas", "José", "Julia", "Kai", "Karin",
    "Kenji", "Laila", "Lars", "Laura", "Leila", "Leon", "Lina", "Lucas", "Luca", "Maja",
    "Malik", "Marco", "Maria", "Marta", "Mateo", "Maya", "Mehmet", "Mia", "Mikael", "Mina",
    "Nadia", "Naomi", "Nikolai", "Nina", "Noah", "Nora", "Olga", "Omar", "Oscar", "Paula",
    "Pedro", "Priya", "Rafael", "Rania", "Ravi", "Rosa", "Ruth", "Sakura", "Samuel", "Sara",
    "Sebastian", "Selin", "Sofia", "Sophie", "Stefan", "Tariq", "Thomas", "Tomás", "Valentina",
    "Victor", "Wei", "Yara", "Yusuf", "Zoe", "Zainab", "Ahmed", "Amelie", "Björn", "Clara",
    "Diego", "Elsa", "Emil", "Eva", "Hugo", "Ida", "Jonas", "Kofi", "Léa", "Liam", "Linnea",
    "Magnus", "Mohammed", "Nils", "Olivia", "Pablo", "Rahul", "Saanvi", "Siddharth", "Thea",
    "Theo", "Vera",
)

LAST_NAMES = (
    "Abara", "Adeyemi", "Alvarez", "Andersson", "Bauer", "Becker", "Bergström", "Bianchi",
    "Brown", "Carvalho", "Chen", "Costa", "Dąbrowski", "Dubois", "Eriksen", "Fernández",
    "Fischer", "Fontaine", "Garcia", "Gonzalez", "Gupta", "Haddad", "Hansen", "Hoffmann",
    "Horvat", "Ito", "Ivanova", "Jansen", "Jensen", "Johansson", "Kaya", "Keller", "Kim",
    "Kowalski", "Kumar", "Larsen", "Laurent", "Lee", "Lindqvist", "Lopez", "Martin", "Martinez",
    "Meyer", "Mohamed", "Moreau", "Müller", "Murphy", "Nakamura", "Nguyen", "Nielsen", "Novak",
    "O'Brien", "Okafor", "Olsen", "Ortiz", "Park", "Patel", "Pereira", "Petrov", "Popescu",
    "Quinn", "Rahman", "Ramos", "Rossi", "Russo", "Sato", "Schmidt", "Schneider", "Silva",
    "Singh", "Smith", "Sousa", "Suzuki", "Svensson", "Tanaka", "Thomas", "Torres", "Vogel",
    "Wagner", "Walsh", "Wang", "Weber", "Williams", "Wójcik", "Yamamoto", "Yilmaz", "Young",
    "Zhang", "Zimmermann", "Achterberg", "Barros", "Castillo", "Eze", "Falk", "Gallagher",
    "Herrera", "Iqbal", "Jovanović", "Karlsson", "Lund", "Mendes", "Nowak", "Osei",
)

ORG_PREFIXES = (
    "Acme", "Blue", "Bright", "Cedar", "Civic", "Clear", "Coral", "Delta", "Ember", "Fjord",
    "Granite", "Harbor", "Helix", "Indigo", "Juniper", "Kestrel", "Lumen", "Maple", "Meridian",
    "Nimbus", "Northwind", "Oak", "Orbit", "Pine", "Quartz", "Redwood", "Silver", "Summit",
    "Tidal", "Umbra", "Vertex", "Willow", "Zenith", "Atlas", "Beacon", "Cobalt", "Falcon",
)

ORG_SUFFIXES = (
    "Labs", "Analytics", "Consulting", "Health", "Energy", "Robotics", "Systems", "Partners",
    "Ventures", "Studio", "Foundation", "University", "Institute", "Bank", "Logistics", "Media",
    "Software", "Capital", "Design", "Works",
)

TITLES = (
    "CEO", "CTO", "Founder", "Product Manager", "Engineering Manager", "Software Engineer",
    "Data Scientist", "Designer", "Researcher", "Professor", "Sales Director", "Marketing Lead",
    "Consultant", "Investor", "Community Manager", "Head of People", "Architect", "Journalist",
    "Policy Advisor", "Operations Lead", "Recruiter", "Analyst",
)

TAGS = {
    "community": (
        "PyData", "Toastmasters", "Alumni Uppsala", "Women in Tech", "Open Source",
        "Parents playgroup", "Running club", "Product Guild",
    ),
    "topic": (
        "machine learning", "climate", "fintech", "design systems", "hiring", "healthcare",
        "security", "leadership", "sustainability", "robotics",
    ),
    "event": (
        "FOSDEM 2025", "Web Summit", "PyCon 2024", "Slush", "re:Invent", "ClimateTech Day",
        "DevOpsDays",
    ),
}

HOW_MET = (
    "conference hallway", "introduced at a dinner", "LinkedIn message", "meetup talk",
    "former colleague", "school playgroup", "panel together", "customer project",
    "hackathon team", "mutual friend", "university", "webinar Q&A", "coworking space",
)

CITIES = (
    "Stockholm", "Berlin", "Lisbon", "London", "Amsterdam", "Paris", "Madrid", "Toronto",
    "Nairobi", "Singapore", "Tokyo", "Copenhagen", "Online",
)

INTENTS = (
    "learn how they scaled their data team", "possible co-founder for the climate idea",
    "keep in touch for hiring", "mentor on leadership", "potential customer",
    "trade notes on open source maintenance", "future speaker for our meetup",
    "friend from the running club", "advice on fundraising", "shared research interest",
)

NOTES = (
    "Prefers morning calls.", "Has two kids, loves sailing.", "Moving to Berlin next year.",
    "Asked about our hiring process.", "Wrote a great post on design systems.",
    "Owes me an intro to their CTO.", "Vegetarian; suggested the ramen place.",
    "Interested in the climate working group.", "",
)

INTERACTION_NOTES = (
    "Coffee, talked about their new role.", "Sent the article on team topologies.",
    "Quick catch-up after the talk.", "Asked for feedback on my deck.",
    "Congratulated them on the launch.", "Introduced them to a recruiter.",
    "Discussed the joint workshop.", "Shared notes from the conference.", "", "", "",
)

FOLLOW_UP_TITLES = (
    "Send the article we discussed", "Ask how the launch went", "Share the workshop slides",
    "Congratulate on the new role", "Check in about the intro", "Send the conference notes",
    "Book a coffee after the holidays", "Return the book on negotiation",
    "Ask for feedback on the proposal", "Send the podcast episode on hiring",
    "Share the job posting with their team", "Invite to the PyData meetup",
    "Wish luck before the fundraise", "Thank them for the referral",
)

#: What the person asking for an introduction wants, and why the other would say yes.
INTRO_ASKS = (
    "wants advice on hiring data engineers", "looking for a co-founder with a sales background",
    "preparing a seed round and wants an angel's view", "moving to Lisbon, wants to meet locals",
    "building a climate data product, needs a pilot customer",
    "writing a book on design systems, wants interviews",
    "starting a mentoring circle for new managers", "needs a reviewer for a robotics paper",
    "looking for a speaker slot at the next meetup", "hiring a head of security",
    "switching from finance into healthcare", "wants to learn how they scaled support",
)
INTRO_OFFERS = (
    "hires engineers for a living and likes helping founders",
    "looking for speakers for their meetup", "invests in early climate companies",
    "moved there last year and knows the scene", "runs pilots at a large logistics firm",
    "maintains a popular open-source design system", "has mentored managers for years",
    "reviews for the robotics journal", "programme chair of the conference",
    "led security at two fintechs", "made the same switch three years ago",
    "built the support team from 3 to 60 people",
)
