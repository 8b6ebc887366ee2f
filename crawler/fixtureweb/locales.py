"""The fictional places and people each outlet writes about (so stories in one paper agree)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = ["LOCALES", "FIRST_NAMES", "SURNAMES", "ROLES"]

LOCALES: Final = MappingProxyType({
    "harbour": MappingProxyType({
        "city": "Port Elver", "council": "Port Elver City Council", "cur": "£", "tax": "council tax",
        "river": "River Elver", "port": "Elver Docks", "region": "the Elver estuary",
        "team": "Port Elver Athletic", "ground": "Quayside Park",
        "rivals": ("Saltmarsh Town", "Kestwick United", "Brindle Bay Rovers", "Ashmore City"),
        "wards": ("Quayside", "Harbour Hill", "Fennick", "Old Town", "St Brannock's"),
        "parties": ("the Harbour Alliance", "the Civic Party", "the Greens", "the Liberal Forum"),
        "union": "the Dock and Port Workers' Union", "company": "Elver Port Holdings",
        "tech": ("Tidewater Labs", "Bollard Systems", "Quaylight Software"),
    }),
    "midland": MappingProxyType({
        "city": "Brennan City", "council": "the Brennan City Council", "cur": "$", "tax": "property tax",
        "river": "Tallow River", "port": "the Brennan river terminal", "region": "Tallow County",
        "team": "Brennan City FC", "ground": "Foundry Field",
        "rivals": ("Ridgeport SC", "Lake Osgood FC", "Carver Falls United", "Granger County SC"),
        "wards": ("Ward 3", "Millbrook", "the East Flats", "Cedar Heights", "Ward 7"),
        "parties": ("the Civic Reform slate", "the Taxpayers League", "the Working Families slate",
                    "the Neighborhood First slate"),
        "union": "the Inland Freight Workers Local 88", "company": "Tallow Terminal Partners",
        "tech": ("Prairiegrid", "Ledgerline Analytics", "Silo Nine Software"),
    }),
    "northern": MappingProxyType({
        "city": "Fellside", "council": "Fellside Borough Council", "cur": "£", "tax": "council tax",
        "river": "River Wend", "port": "Wendmouth port", "region": "the Northmoor valley",
        "team": "Fellside Rovers", "ground": "Millrace Lane",
        "rivals": ("Wendmouth Town", "Northmoor Wanderers", "Gillcross United", "Thackley Athletic"),
        "wards": ("Low Moor", "Bridge End", "Tanner's Row", "Highfold", "Wend Valley"),
        "parties": ("the Northmoor Independents", "the Civic Party", "the Greens",
                    "the Fellside First group"),
        "union": "the Northern Dockers' Association", "company": "Wendmouth Harbour Company",
        "tech": ("Moorside Digital", "Cobble Analytics", "Fellgate Software"),
    }),
    "national": MappingProxyType({
        "city": "Kingsbridge", "council": "Kingsbridge Metropolitan Council", "cur": "£",
        "tax": "council tax",
        "river": "River Aske", "port": "Kingsbridge Freeport", "region": "the Aske valley",
        "team": "Kingsbridge City", "ground": "the Aske Stadium",
        "rivals": ("Westmoor Albion", "Calder Vale", "Port Elver Athletic", "Fellside Rovers"),
        "wards": ("Aske Bank", "Castlegate", "St Olave's", "Millfield", "North Quay"),
        "parties": ("the Civic Party", "the Harbour Alliance", "the Greens", "the Liberal Forum"),
        "union": "the National Transport Union", "company": "Kingsbridge Freeport Ltd",
        "tech": ("Northlight Systems", "Askewave", "Kestrel Data"),
    }),
})

FIRST_NAMES: Final = (
    "Aisha", "Ben", "Carys", "Daniel", "Eleni", "Farid", "Grace", "Hamish", "Imogen", "Joel",
    "Kavita", "Liam", "Maren", "Niall", "Orla", "Priya", "Quentin", "Rosa", "Samir", "Tessa",
    "Umar", "Vera", "Wes", "Yasmin", "Zoltan", "Bronwen", "Callum", "Delphine", "Ezra", "Freya",
)
SURNAMES: Final = (
    "Abernathy", "Brightwell", "Castellan", "Dunmore", "Ellery", "Fairbairn", "Galloway",
    "Hartigan", "Ivers", "Jessop", "Kilbride", "Lowther", "Marchetti", "Norcott", "Okonjo",
    "Pennock", "Quarrie", "Ravensworth", "Stainton", "Thorley", "Underhill", "Varga", "Whitlock",
    "Yeardley", "Zielinski", "Ashdown", "Blackett", "Corrigan", "Delacroix", "Eastwood",
)

#: Job titles by topic: (first speaker, second speaker, third speaker).
ROLES: Final = MappingProxyType({
    "budget": ("cabinet member for finance", "opposition leader", "youth worker"),
    "strike": ("regional organiser", "freight company director", "local business owner"),
    "flood": ("area flood manager", "resident", "landscape architect"),
    "election": ("returning officer", "runner-up", "politics lecturer"),
    "football": ("manager", "visiting manager", "club captain"),
    "tech": ("chief executive", "investment analyst", "regional business adviser"),
})
