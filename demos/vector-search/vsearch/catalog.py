"""A generated catalog: products of six categories, named and described from small vocabularies.

>>> products = generate(12)
>>> len(products), products[0].id
(12, 'kitchen-000')
>>> generate(12)[5] == products[5]
True
"""

from __future__ import annotations

import random

from vsearch.embedding import embed
from vsearch.models import Product

CATEGORIES: dict[str, tuple[list[str], list[str], list[str]]] = {
    # category: (things, qualities, uses)
    "kitchen": (
        ["espresso machine", "chef knife", "cast iron pan", "kettle", "blender", "teapot"],
        ["stainless", "ceramic", "non-stick", "compact", "cordless"],
        [
            "that brews coffee",
            "that slices vegetables",
            "that sears steak",
            "that boils water",
            "that makes smoothies",
        ],
    ),
    "lighting": (
        ["desk lamp", "floor lamp", "string lights", "pendant light", "night light"],
        ["dimmable", "warm white", "LED", "brass", "rechargeable"],
        ["that lights a reading corner", "that brightens the desk", "that glows softly at night"],
    ),
    "outdoor": (
        ["tent", "sleeping bag", "camping stove", "hiking backpack", "headlamp"],
        ["waterproof", "lightweight", "four-season", "ultralight", "rugged"],
        ["for mountain camping", "for long hikes", "that keeps you warm outdoors"],
    ),
    "audio": (
        ["wireless headphones", "bluetooth speaker", "turntable", "earbuds", "soundbar"],
        ["noise-cancelling", "hi-fi", "portable", "bass-heavy", "studio"],
        ["that plays music", "for podcasts and calls", "that fills the room with sound"],
    ),
    "office": (
        ["standing desk", "ergonomic chair", "mechanical keyboard", "monitor arm", "notebook"],
        ["adjustable", "quiet", "minimal", "oak", "recycled"],
        ["for long work days", "that keeps the desk tidy", "for typing and writing"],
    ),
    "fitness": (
        ["yoga mat", "dumbbells", "running shoes", "jump rope", "resistance bands"],
        ["grippy", "adjustable", "breathable", "cushioned", "foldable"],
        ["for home workouts", "for marathon training", "that builds strength"],
    ),
}


def make_product(id: str, name: str, category: str, description: str, price: float) -> Product:
    """A product with the embedding of its name, category and description."""
    text = f"{name}. {category}. {description}"
    return Product(
        id=id,
        name=name,
        category=category,
        description=description,
        price=price,
        embedding=embed(text),
    )


def generate(count: int, seed: int = 7) -> list[Product]:
    """``count`` products, the categories in turn, each a distinct (quality, thing, use) of its
    category, with their embeddings (the same for the same seed)."""
    rng = random.Random(seed)
    combos = {}
    for category, (things, qualities, uses) in CATEGORIES.items():
        combos[category] = [(q, t, u) for t in things for q in qualities for u in uses]
        rng.shuffle(combos[category])
    names = list(CATEGORIES)
    products = []
    for n in range(count):
        category, index = names[n % len(names)], n // len(names)
        quality, thing, use = combos[category][index % len(combos[category])]
        name = f"{quality.capitalize()} {thing}"
        article = "An" if quality[0] in "aeiou" else "A"
        description = f"{article} {quality} {thing} {use}."
        price = round(rng.uniform(9, 400), 2)
        products.append(make_product(f"{category}-{index:03d}", name, category, description, price))
    return products
