"""``ColumnName``: the attribute says one name, every CQL statement the column's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated
from uuid import UUID, uuid4

import pytest

import coodie
import coodie.sync
from coodie import compile
from coodie.exceptions import ModelDefinitionError, QueryError, UnknownColumnError
from coodie.executor.runner import run
from coodie.fields import (
    ClusteringKey,
    ColumnName,
    Counter,
    Discriminator,
    Indexed,
    PrimaryKey,
    Static,
    Vector,
    VectorIndex,
)
from coodie.functions import token
from coodie.management.ddl import create_indexes, create_table, create_view
from coodie.management.migrations.autogen import read_live, schema_changes, schemas_of
from coodie.model.usertype import UserType
from coodie.query import writes
from coodie.sync import CounterDocument, Document, MaterializedView
from coodie.testing import isolated_connections


class Post(Document):
    blog: Annotated[UUID, PrimaryKey(), ColumnName("blog_id")]
    at: Annotated[int, ClusteringKey(order="DESC"), ColumnName("Posted At")]
    title: Annotated[str, Indexed(), ColumnName("post_title")] = ""
    body: Annotated[str, Indexed(sai=True), ColumnName("select")] = ""
    owner: Annotated[str | None, Static(), ColumnName("blog_owner")] = None
    tags: Annotated[set[str], ColumnName("post_tags")] = set()
    embedding: Annotated[list[float], Vector(2), VectorIndex(), ColumnName("vec")] = [0.0, 0.0]
    score: int = 0

    class Settings:
        keyspace = "ks"
        name = "post"


class PostByTitle(MaterializedView):
    heading: Annotated[str, PrimaryKey(), ColumnName("post_title")]
    blog: Annotated[UUID, ClusteringKey(), ColumnName("blog_id")]
    at: Annotated[int, ClusteringKey(), ColumnName("Posted At")]
    points: Annotated[int, ColumnName("score")] = 0

    class Settings:
        keyspace = "ks"
        name = "post_by_title"
        __base_table__ = Post


class Hits(CounterDocument):
    url: Annotated[str, PrimaryKey(), ColumnName("page_url")]
    hits: Annotated[int, Counter(), ColumnName("hit_count")] = 0

    class Settings:
        keyspace = "ks"


def cql(node: object) -> str:
    return compile(node).cql  # type: ignore[arg-type]


def test_ddl_names_the_columns() -> None:
    assert cql(create_table(Post.__schema__)) == (
        'CREATE TABLE IF NOT EXISTS ks.post (blog_id uuid, "Posted At" int, post_title text, '
        '"select" text, blog_owner text STATIC, post_tags set<text>, vec vector<float, 2>, '
        'score int, PRIMARY KEY (blog_id, "Posted At")) WITH CLUSTERING ORDER BY ("Posted At" DESC)'
    )
    assert [cql(i) for i in create_indexes(Post.__schema__)] == [
        "CREATE INDEX IF NOT EXISTS post_post_title_idx ON ks.post (post_title)",
        'CREATE CUSTOM INDEX IF NOT EXISTS post_select_idx ON ks.post ("select") '
        "USING 'StorageAttachedIndex'",
        "CREATE CUSTOM INDEX IF NOT EXISTS post_vec_idx ON ks.post (vec) USING 'sai' "
        "WITH OPTIONS = {'similarity_function': 'COSINE'}",
    ]
    assert cql(create_view(PostByTitle.__view_schema__)) == (
        "CREATE MATERIALIZED VIEW IF NOT EXISTS ks.post_by_title AS SELECT post_title, blog_id, "
        '"Posted At", score FROM ks.post WHERE post_title IS NOT NULL AND blog_id IS NOT NULL '
        'AND "Posted At" IS NOT NULL PRIMARY KEY (post_title, blog_id, "Posted At") '
        'WITH CLUSTERING ORDER BY (blog_id ASC, "Posted At" ASC)'
    )
    assert cql(create_table(Hits.__schema__)) == (
        "CREATE TABLE IF NOT EXISTS ks.hits (page_url text, hit_count counter, "
        "PRIMARY KEY (page_url))"
    )


def test_reads_select_columns_and_filter_by_attribute() -> None:
    b = uuid4()
    where = 'WHERE blog_id = ? AND "Posted At" > ? AND post_title = ?'
    qs = Post.find(blog=b, at__gt=1).filter(Post.title == "x")
    assert qs.only("title", "score").compile().cql == (
        f"SELECT post_title, score FROM ks.post {where}"
    )
    assert Post.find(blog=b).defer("tags", "embedding", "body").compile().cql == (
        'SELECT blog_id, "Posted At", post_title, blog_owner, score FROM ks.post WHERE blog_id = ?'
    )
    assert Post.find(blog=b).values_list("owner", "at").order_by("at").compile().cql == (
        'SELECT blog_owner, "Posted At" FROM ks.post WHERE blog_id = ? ORDER BY "Posted At" ASC'
    )
    assert Post.find(blog__token__gt=token(b)).compile().cql == (
        'SELECT blog_id, "Posted At", post_title, "select", blog_owner, post_tags, vec, score '
        "FROM ks.post WHERE token(blog_id) > token(?)"
    )
    assert (
        Post.find(token(Post.blog) > token(b))
        .compile()
        .cql.endswith("WHERE token(blog_id) > token(?)")
    )
    assert Post.find(tags__contains="a").order_by_ann(Post.embedding, [1, 0]).compile().cql == (
        'SELECT blog_id, "Posted At", post_title, "select", blog_owner, post_tags, vec, score '
        "FROM ks.post WHERE post_tags CONTAINS ? ORDER BY vec ANN OF ?"
    )
    assert PostByTitle.find(heading="x").compile().cql == (
        'SELECT post_title, blog_id, "Posted At", score FROM ks.post_by_title WHERE post_title = ?'
    )
    assert Post.find(blog=b).distinct("blog", "owner").compile().cql == (
        "SELECT DISTINCT blog_id, blog_owner FROM ks.post WHERE blog_id = ?"
    )


def test_rows_hydrate_into_attributes() -> None:
    b = uuid4()
    row = (b, 3, "t", None, "o", {"a"}, [1.0, 2.0], 7)
    columns = ("blog_id", "Posted At", "post_title", "select", "blog_owner", "post_tags", "vec")
    post = Post._hydrator((*columns, "score"))(row)
    assert (post.blog, post.at, post.title, post.owner, post.tags, post.score) == (
        b, 3, "t", "o", {"a"}, 7
    )  # fmt: skip
    assert post.pk == (b, 3) and post.get_changed_columns() == []
    post.title = "u"
    assert post.get_changed_columns() == ["title"]
    assert cql(writes.update_statement(post)) == (
        'UPDATE ks.post SET post_title = ? WHERE blog_id = ? AND "Posted At" = ?'
    )
    partial = Post._hydrator(("post_title",))(("only",))
    assert (partial.title, partial.score) == ("only", 0)


def test_writes_name_the_columns() -> None:
    b = uuid4()
    post = Post(blog=b, at=1, title="t", owner="o", tags={"x"}, embedding=[1.0, 0.0])
    assert cql(writes.insert_statement(post, ttl=5, if_not_exists=True)) == (
        'INSERT INTO ks.post (blog_id, "Posted At", post_title, "select", blog_owner, post_tags, '
        "vec, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS USING TTL ?"
    )
    assert cql(writes.update_statement(post, if_conditions={"title": "t"}, tags__add={"y"})) == (
        'UPDATE ks.post SET post_tags = post_tags + ? WHERE blog_id = ? AND "Posted At" = ? '
        "IF post_title = ?"
    )
    assert cql(writes.update_statement(post, owner="me")) == (  # static: partition key only
        "UPDATE ks.post SET blog_owner = ? WHERE blog_id = ?"
    )
    assert cql(writes.delete_statement(post, columns=("title", "tags"))) == (
        'DELETE post_title, post_tags FROM ks.post WHERE blog_id = ? AND "Posted At" = ?'
    )
    assert cql(Post.find(blog=b, at__gte=2).delete_statement()) == (
        'DELETE FROM ks.post WHERE blog_id = ? AND "Posted At" >= ?'
    )
    assert cql(Post.find(blog=b, at=1).iff(score=1).update_statement(title="z")) == (
        'UPDATE ks.post SET post_title = ? WHERE blog_id = ? AND "Posted At" = ? IF score = ?'
    )
    assert cql(writes.counter_statement(Hits, {"url": "/"}, hits=2)) == (
        "UPDATE ks.hits SET hit_count = hit_count + ? WHERE page_url = ?"
    )
    assert cql(writes.counter_statement(Hits(url="/", hits=-3))) == (
        "UPDATE ks.hits SET hit_count = hit_count - ? WHERE page_url = ?"
    )


def test_errors_name_the_attribute() -> None:
    with pytest.raises(UnknownColumnError, match=r"Post\.post_title: .*is attribute 'title'"):
        Post.find(post_title="x")
    with pytest.raises(QueryError, match=r"needs at \(every column of blog, at\)"):
        writes.update_statement(Post, {"blog": uuid4()}, score=1)
    with pytest.raises(QueryError, match=r"Post\.blog: a primary key column cannot be deferred"):
        Post.find().defer("blog")
    with pytest.raises(QueryError, match=r"token\(blog\)"):
        token(Post.at)


def test_two_attributes_on_one_column_is_a_definition_error() -> None:
    with pytest.raises(ModelDefinitionError, match=r"Clash\.b: maps to column 'a'.*Clash\.a"):

        class Clash(Document):
            a: Annotated[int, PrimaryKey()]
            b: Annotated[int, ColumnName("a")] = 0

    with pytest.raises(ModelDefinitionError, match=r"Twice\.b: has more than one ColumnName"):

        class Twice(Document):
            a: Annotated[int, PrimaryKey()]
            b: Annotated[int, ColumnName("x"), ColumnName("y")] = 0

    with pytest.raises(ValueError, match="non-empty column name"):
        ColumnName("")


def test_a_user_type_field_cannot_be_renamed_yet() -> None:
    with pytest.raises(ModelDefinitionError, match=r"Addr\.street: ColumnName\(\) .*user type"):

        class Addr(UserType):
            street: Annotated[str, ColumnName("st")] = ""


class Animal(Document):
    id: Annotated[UUID, PrimaryKey(), ColumnName("animal_id")]
    kind: Annotated[str, Discriminator(), Indexed(), ColumnName("animal_type")] = ""

    class Settings:
        keyspace = "ks"


class Spider(Animal):
    legs: int = 8

    class Settings:
        __discriminator_value__ = "spider"


def test_a_renamed_discriminator() -> None:
    assert Spider(id=uuid4()).kind == "spider"
    assert Spider.find().compile().cql == (
        "SELECT animal_id, animal_type, legs FROM ks.animal WHERE animal_type = ?"
    )
    row = Animal._hydrator(("animal_id", "animal_type", "legs"))((uuid4(), "spider", 6))
    assert type(row) is Spider and row.legs == 6


@pytest.fixture
def embedded() -> Iterator[str]:
    with isolated_connections():
        coodie.sync.init_coodie(driver_type="embedded")
        coodie.sync.create_keyspace("ks", replication_factor=1)
        yield "ks"


def test_the_schema_diff_and_makemigration_see_the_columns(embedded: str) -> None:
    coodie.sync.execute_raw("CREATE TABLE ks.hits (page_url text PRIMARY KEY, hit_count counter)")
    assert Hits.sync_table(dry_run=True) == ()
    schemas = schemas_of([Hits])
    assert schema_changes(schemas, run(read_live(schemas, embedded))) == ()
    coodie.sync.execute_raw("DROP TABLE ks.hits")
    coodie.sync.execute_raw("CREATE TABLE ks.hits (url text PRIMARY KEY, hits counter)")
    changes = schema_changes(schemas, run(read_live(schemas, embedded)))
    assert [c.summary for c in changes] == [
        "add column hits.hit_count counter",
        "hits: partition key: the model has (page_url), the table has (url)",
        "column hits.hits is not in the model",
    ]
    assert "attribute hits now maps to column hit_count (ColumnName)" in changes[2].todo[1]


def test_unknown_names_point_to_the_attribute() -> None:
    with pytest.raises(UnknownColumnError, match="column 'post_title' is attribute 'title'"):
        Post(blog=uuid4(), at=1, post_title="x")  # type: ignore[call-arg]
    with pytest.raises(UnknownColumnError, match="column 'blog_owner' is attribute 'owner'"):
        Post.blog_owner  # type: ignore[attr-defined]  # noqa: B018


def test_does_not_exist_names_the_attributes(embedded: str) -> None:
    Hits.sync_table()
    with pytest.raises(Hits.DoesNotExist, match=r"Hits: no row matches url = '/nowhere'"):
        Hits.get(url="/nowhere")
    Post.sync_table()
    b = uuid4()
    with pytest.raises(Post.DoesNotExist, match=rf"no row matches blog = UUID\('{b}'\) AND at > 1"):
        Post.find(blog=b, at__gt=1).get()
