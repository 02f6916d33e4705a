"""Search end to end (sync and aio): SASI LIKE, vector ANN with scores, features refused early.

No ``from __future__ import annotations``: the models below are defined inside tests.
"""

from collections.abc import Iterator
from typing import Annotated, Any

import pytest

from coodie.exceptions import InvalidRequest, InvalidValueError, QueryError, UnsupportedByServer
from coodie.fields import Indexed, PrimaryKey, Vector, VectorIndex
from coodie.functions import similarity_cosine, similarity_euclidean, writetime

from .capabilities import require_vectors
from .conftest import Api
from .targets import KEYSPACE

SASI = "org.apache.cassandra.index.sasi.SASIIndex"


@pytest.fixture
def people(api: Api) -> Iterator[Any]:
    """A table with a SASI CONTAINS index on ``name`` (skipped where SASI is disabled)."""

    class Person(api.module.Document):  # type: ignore[name-defined,misc]
        id: Annotated[int, PrimaryKey()]
        name: Annotated[str, Indexed(custom_class=SASI, options={"mode": "CONTAINS"})] = ""

        class Settings:
            name = f"search_people_{api.mode}"
            keyspace = KEYSPACE

    try:
        api(Person.sync_table())
    except UnsupportedByServer as error:  # learned from system_views.settings at connect
        pytest.skip(f"the server has SASI indexes disabled: {error}")
    except InvalidRequest as error:  # a server that does not say (older than 4.0)
        if "disabled" not in str(error):
            raise
        pytest.skip(f"the server has SASI indexes disabled: {error}")
    for i, name in enumerate(["alice", "albert", "bob", "carla", "sal"]):
        api(Person(id=i, name=name).save())
    yield Person
    api(api.module.execute_raw(f"DROP TABLE {KEYSPACE}.{Person.__schema__.name}"))


def names(api: Api, qs: Any) -> list[str]:
    return sorted(p.name for p in api.list(qs))


def test_like_lookup_and_field_method(api: Api, people: Any) -> None:
    assert names(api, people.find(name__like="al%")) == ["albert", "alice"]
    assert names(api, people.find(people.name.like("%la"))) == ["carla"]
    assert names(api, people.find(name__like="%al%")) == ["albert", "alice", "sal"]
    assert names(api, people.find(people.name.like("bob"))) == ["bob"]
    assert api(people.find(name__like="zz%").count()) == 0


def test_like_follows_updates_and_deletes(api: Api, people: Any) -> None:
    api(people(id=2, name="alma").save())
    api(people.find(id=0).delete())
    assert names(api, people.find(name__like="al%")) == ["albert", "alma"]


@pytest.fixture
def products(api: Api) -> Iterator[Any]:
    """A vector table with a cosine vector index (skipped where the server has no vectors)."""
    require_vectors()

    class Product(api.module.Document):  # type: ignore[name-defined,misc]
        id: Annotated[int, PrimaryKey()]
        name: str = ""
        embedding: Annotated[list[float], Vector(3), VectorIndex()] = [0.0, 0.0, 0.0]

        class Settings:
            name = f"search_products_{api.mode}"
            keyspace = KEYSPACE

    api(Product.sync_table())
    for i, (name, v) in enumerate(
        [("pen", [1.0, 0.0, 0.0]), ("ink", [0.0, 1.0, 0.0]), ("cap", [-1.0, 0.0, 0.0])]
    ):
        api(Product(id=i, name=name, embedding=v).save())
    yield Product
    api(api.module.execute_raw(f"DROP TABLE {KEYSPACE}.{Product.__schema__.name}"))


def test_ann_returns_the_nearest_rows_with_their_scores(api: Api, products: Any) -> None:
    q = [1.0, 0.1, 0.0]
    nearest = products.find().order_by_ann(products.embedding, q).limit(2)
    assert [p.name for p in api.list(nearest)] == ["pen", "ink"]
    rows = api(
        nearest.values_list("name", similarity_cosine(products.embedding, [1.0, 0.0, 0.0])).all()
    )
    assert rows == [("pen", 1.0), ("ink", 0.5)]
    far = api(
        products.find()
        .order_by_ann("embedding", [-1.0, 0.0, 0.0])
        .limit(1)
        .values_list(similarity_euclidean(products.embedding, [-1.0, 0.0, 0.0]), flat=True)
        .all()
    )
    assert far == [1.0]
    assert api(products.find(id=1).order_by_ann(products.embedding, q).limit(5).count()) == 1


def test_documents_with_their_scores(api: Api, products: Any) -> None:
    """with_score(): each row is (document, score), the score read in the same SELECT."""
    q = [1.0, 0.1, 0.0]
    nearest = products.find().order_by_ann(products.embedding, q).limit(2)
    scored = api(nearest.with_score(similarity_cosine(products.embedding, [1.0, 0.0, 0.0])).all())
    assert [(p.name, p.embedding, score) for p, score in scored] == [
        ("pen", [1.0, 0.0, 0.0], 1.0),
        ("ink", [0.0, 1.0, 0.0], 0.5),
    ]
    assert all(isinstance(p, products) for p, _ in scored)
    one = api(
        products.find(id=2)
        .only("id", "name")
        .with_score(similarity_euclidean(products.embedding, [1.0, 0.0, 0.0]))
        .first()
    )
    assert one is not None
    cap, score = one
    assert (cap.id, cap.name, score) == (2, "cap", pytest.approx(0.2))  # a 32-bit float
    streamed = api.list(nearest.with_score(similarity_cosine(products.embedding, q)))
    assert [p.name for p, _ in streamed] == ["pen", "ink"]
    assert streamed[0][1] > streamed[1][1]


def test_with_score_refuses_what_is_not_a_score(api: Api, products: Any) -> None:
    with pytest.raises(QueryError, match="with_score\\(\\) needs a similarity selector"):
        products.find().with_score(writetime(products.name))
    with pytest.raises(QueryError, match="not after values_list"):
        products.find().values_list("name").with_score(
            similarity_cosine(products.embedding, [1.0, 0.0, 0.0])
        )


def test_server_without_vectors_refuses_before_any_ddl(api: Api) -> None:
    """An embedded Cassandra 4.0 node: the vector table is refused, nothing is created."""
    api(api.module.init_coodie(driver_type="embedded", name="c40", cassandra="4.0", default=False))
    try:
        create = (
            "CREATE KEYSPACE k40 WITH replication = "
            "{'class': 'SimpleStrategy', 'replication_factor': 1}"
        )
        api(api.module.execute_raw(create, connection="c40"))

        class Doc(api.module.Document):  # type: ignore[name-defined,misc]
            id: Annotated[int, PrimaryKey()]
            embedding: Annotated[list[float], Vector(2), VectorIndex()] = [0.0, 0.0]

            class Settings:
                name = "docs"
                keyspace = "k40"
                connection = "c40"

        with pytest.raises(UnsupportedByServer) as info:
            api(Doc.sync_table())
        assert str(info.value) == (
            "Doc.embedding: a vector column (vector<float, 2>) needs Cassandra 5.0 or "
            "ScyllaDB 2025.4; the server is Cassandra 4.0.0"
        )
        tables = api(
            api.module.execute_raw(
                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'k40'",
                connection="c40",
            )
        )
        assert list(tables) == []
    finally:
        api(api.module.close("c40"))


def test_vectors_the_cosine_index_refuses_fail_before_io(api: Api, products: Any) -> None:
    """A zero vector (or a non-finite one) for a cosine-indexed field: a typed error naming
    model, field and index on every write path and in order_by_ann(); nothing is sent."""
    name = products.__schema__.name
    zero = [0.0, 0.0, 0.0]
    refusal = (
        f"Product.embedding: a zero vector cannot be indexed by the cosine vector index "
        f"{name}_embedding_idx (Cassandra refuses it; use DOT_PRODUCT or EUCLIDEAN for vectors "
        "that may be zero)"
    )
    pen = api(products.get(id=0))
    attempts = [
        lambda: products(id=7, name="zero", embedding=zero).save(),
        lambda: products(id=7, name="zero").save(),  # the model's default is the zero vector
        lambda: products(id=7, embedding=zero).insert(),
        lambda: products.create(id=7, embedding=zero),
        lambda: pen.update(embedding=zero),
        lambda: products.find(id=0).update(embedding=zero),
        lambda: products.find().order_by_ann(products.embedding, zero).limit(1).all(),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidValueError) as info:
            api(attempt())
        assert str(info.value) == refusal
    with pytest.raises(InvalidValueError, match="component 1 is nan: vector index"):
        api(products(id=7, embedding=[1.0, float("nan"), 0.0]).save())
    with pytest.raises(InvalidValueError, match="similarity_cosine\\(\\) of a zero vector"):
        similarity_cosine(products.embedding, zero)
    assert api(products.find(id=7).count()) == 0
    assert api(products.get(id=0)).embedding == [1.0, 0.0, 0.0]
    # the similarity selectors other than cosine take a zero vector
    rows = api(
        products.find(id=0).values_list(similarity_euclidean(products.embedding, zero)).all()
    )
    assert rows == [(0.5,)]


def test_the_engine_refuses_a_zero_vector_the_mapper_did_not_check(api: Api, products: Any) -> None:
    """Raw CQL past the mapper: the server's own refusal (Cassandra 5.0's words).

    The zero vector is a CQL literal here: a raw statement carries no types, and
    acsylla binds a vector only as its serialized bytes.
    """
    table = f"{KEYSPACE}.{products.__schema__.name}"
    with pytest.raises(InvalidRequest, match="Zero vectors cannot be indexed or queried with cos"):
        api(
            api.module.execute_raw(
                f"INSERT INTO {table} (id, embedding) VALUES (?, [0.0, 0.0, 0.0])", [9]
            )
        )
    with pytest.raises(InvalidRequest, match="Zero vectors cannot be indexed or queried with cos"):
        api(
            api.module.execute_raw(
                f"SELECT id FROM {table} ORDER BY embedding ANN OF [0.0, 0.0, 0.0] LIMIT 1"
            )
        )
