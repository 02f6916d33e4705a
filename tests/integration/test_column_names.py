"""``ColumnName``: attributes whose column has another name, end to end (sync and aio).

The legacy tables are created by raw CQL, as an existing cqlengine schema would be;
rows written by raw CQL read back into the attributes, and everything coodie writes
lands in the legacy columns.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from types import ModuleType, SimpleNamespace
from typing import Annotated

import pytest

import coodie.aio
import coodie.sync
from coodie.exceptions import UnknownColumnError
from coodie.fields import (
    ClusteringKey,
    ColumnName,
    Counter,
    Discriminator,
    Indexed,
    PrimaryKey,
    Static,
)
from coodie.functions import token, ttl, writetime

from .conftest import Api
from .targets import KEYSPACE, Target

TABLES = (
    f'CREATE TABLE IF NOT EXISTS {KEYSPACE}.legacy_post (blog_id uuid, "Posted At" int, '
    "post_title text, blog_owner text STATIC, post_tags set<text>, post_notes list<text>, "
    'post_meta map<text, text>, score int, PRIMARY KEY (blog_id, "Posted At")) '
    'WITH CLUSTERING ORDER BY ("Posted At" DESC)',
    f"CREATE INDEX IF NOT EXISTS legacy_post_post_title_idx ON {KEYSPACE}.legacy_post (post_title)",
    f"CREATE TABLE IF NOT EXISTS {KEYSPACE}.legacy_hits (page_url text PRIMARY KEY, "
    "hit_count counter)",
    f"CREATE TABLE IF NOT EXISTS {KEYSPACE}.legacy_animal (animal_id uuid PRIMARY KEY, "
    "animal_type text, animal_name text, legs int)",
)


KEY = 'blog_id = ? AND "Posted At" = ?'


def build(api: ModuleType) -> SimpleNamespace:
    class Post(api.Document):  # type: ignore[misc, name-defined]
        blog: Annotated[uuid.UUID, PrimaryKey(), ColumnName("blog_id")]
        at: Annotated[int, ClusteringKey(order="DESC"), ColumnName("Posted At")]
        title: Annotated[str, Indexed(), ColumnName("post_title")] = ""
        owner: Annotated[str | None, Static(), ColumnName("blog_owner")] = None
        tags: Annotated[set[str], ColumnName("post_tags")] = set()
        notes: Annotated[list[str], ColumnName("post_notes")] = []
        meta: Annotated[dict[str, str], ColumnName("post_meta")] = {}
        score: int = 0

        class Settings:
            keyspace = KEYSPACE
            name = "legacy_post"

    class PostByTitle(api.MaterializedView):  # type: ignore[misc, name-defined]
        heading: Annotated[str, PrimaryKey(), ColumnName("post_title")]
        blog: Annotated[uuid.UUID, ClusteringKey(), ColumnName("blog_id")]
        at: Annotated[int, ClusteringKey(), ColumnName("Posted At")]
        points: Annotated[int, ColumnName("score")] = 0

        class Settings:
            keyspace = KEYSPACE
            name = "legacy_post_by_title"
            __base_table__ = Post

    class Hits(api.CounterDocument):  # type: ignore[misc, name-defined]
        url: Annotated[str, PrimaryKey(), ColumnName("page_url")]
        hits: Annotated[int, Counter(), ColumnName("hit_count")] = 0

        class Settings:
            keyspace = KEYSPACE
            name = "legacy_hits"

    class Animal(api.Document):  # type: ignore[misc, name-defined]
        id: Annotated[uuid.UUID, PrimaryKey(), ColumnName("animal_id")]
        kind: Annotated[str, Discriminator(), ColumnName("animal_type")] = ""
        name: Annotated[str, ColumnName("animal_name")] = ""

        class Settings:
            keyspace = KEYSPACE
            name = "legacy_animal"

    class Spider(Animal):
        legs: int = 8

        class Settings:
            __discriminator_value__ = "spider"

    return SimpleNamespace(
        Post=Post, PostByTitle=PostByTitle, Hits=Hits, Animal=Animal, Spider=Spider
    )


_MODELS = {"sync": build(coodie.sync), "aio": build(coodie.aio)}


@pytest.fixture(scope="module")
def legacy(database: Target) -> Iterator[Target]:
    for cql in TABLES:
        coodie.sync.execute_raw(cql)
    _MODELS["sync"].PostByTitle.sync_table()
    yield database


@pytest.fixture
def m(api: Api, legacy: Target) -> SimpleNamespace:
    return _MODELS[api.mode]


def raw(api: Api, cql: str, params: list[object] | None = None) -> list[dict[str, object]]:
    return list(api(api.module.execute_raw(cql, params)))


def test_sync_table_sees_no_change_on_the_legacy_table(api: Api, m: SimpleNamespace) -> None:
    for model in (m.Post, m.PostByTitle, m.Hits, m.Animal, m.Spider):
        assert api(model.sync_table(dry_run=True)) == ()


def test_a_row_written_by_raw_cql_reads_into_the_attributes(api: Api, m: SimpleNamespace) -> None:
    blog = uuid.uuid4()
    raw(
        api,
        f'INSERT INTO {KEYSPACE}.legacy_post (blog_id, "Posted At", post_title, blog_owner, '
        "post_tags, post_meta) VALUES (?, ?, ?, ?, ?, ?)",
        [blog, 1, "hello", "ann", {"a", "b"}, {"k": "v"}],
    )
    post = api(m.Post.get(blog=blog, at=1))
    assert (post.blog, post.at, post.title, post.owner) == (blog, 1, "hello", "ann")
    assert (post.tags, post.meta, post.notes) == ({"a", "b"}, {"k": "v"}, [])
    assert post.pk == (blog, 1)
    assert api(post.update(score=5)).get_changed_columns() == []
    (row,) = raw(api, f"SELECT score FROM {KEYSPACE}.legacy_post WHERE blog_id = ?", [blog])
    assert row == {"score": 5}


def test_writes_land_in_the_legacy_columns(api: Api, m: SimpleNamespace) -> None:
    blog = uuid.uuid4()
    post = m.Post(blog=blog, at=1, title="t", owner="o", tags={"x"}, notes=["n"], meta={"a": "1"})
    api(post.save())
    post.title = "t2"
    api(post.save())  # only the changed column
    api(post.update(tags__add={"y"}, notes__append=["m"], meta__update={"b": "2"}))
    api(post.update(meta__remove={"a"}, owner="o2"))  # a static column: by partition alone
    (row,) = raw(
        api,
        f'SELECT "Posted At", post_title, blog_owner, post_tags, post_notes, post_meta '
        f"FROM {KEYSPACE}.legacy_post WHERE blog_id = ?",
        [blog],
    )
    assert row["Posted At"] == 1 and row["post_title"] == "t2" and row["blog_owner"] == "o2"
    assert set(row["post_tags"]) == {"x", "y"}  # type: ignore[call-overload]
    assert list(row["post_notes"]) == ["n", "m"]  # type: ignore[call-overload]
    assert dict(row["post_meta"]) == {"b": "2"}  # type: ignore[call-overload]
    assert (post.tags, post.notes, post.meta, post.owner) == (
        {"x", "y"},
        ["n", "m"],
        {"b": "2"},
        "o2",
    )
    assert api(m.Post.get(blog=blog, at=1)).model_dump() == post.model_dump()
    raw(api, f"UPDATE {KEYSPACE}.legacy_post SET score = 9 WHERE {KEY}", [blog, 1])
    assert api(post.refresh()).score == 9 and post.get_changed_columns() == []
    api(post.delete_columns("title"))
    assert post.title is None and api(m.Post.get(blog=blog, at=1)).title is None
    (row,) = raw(api, f"SELECT post_title FROM {KEYSPACE}.legacy_post WHERE blog_id = ?", [blog])
    assert row["post_title"] is None
    api(post.delete())
    assert raw(api, f"SELECT * FROM {KEYSPACE}.legacy_post WHERE {KEY}", [blog, 1]) == []


def test_conditions_ttl_timestamps_and_batches(api: Api, m: SimpleNamespace) -> None:
    blog = uuid.uuid4()
    created = api(m.Post(blog=blog, at=1, title="a").insert())
    assert created.applied
    again = api(m.Post(blog=blog, at=1, title="b").insert())
    assert not again.applied and again.existing.title == "a"  # typed from the legacy row
    post = api(m.Post.get(blog=blog, at=1))
    refused = api(post.update(if_conditions={"title": "zzz"}, score=1))
    assert not refused.applied
    assert api(post.update(if_conditions={"title": "a"}, score=2)).applied
    assert api(m.Post.find(blog=blog, at=1).iff(score=2).update(score=3)).applied
    at = datetime.datetime(2021, 1, 1, tzinfo=datetime.timezone.utc)
    api(m.Post(blog=blog, at=2, title="old").save(timestamp=at, ttl=1000))
    stamps = m.Post.find(blog=blog, at=2).values_list(writetime(m.Post.title), ttl(m.Post.title))
    stamp, left = api(stamps.first())
    assert stamp == 1609459200000000 and 990 <= left <= 1000
    b = api.batch()
    api(m.Post(blog=blog, at=3, title="batched").save(batch=b))
    api(m.Post.find(blog=blog, at=1).update(title="in batch", batch=b))
    api(b.execute())
    titles = api(m.Post.find(blog=blog).values_list("title", flat=True).all())
    assert titles == ["batched", "old", "in batch"]  # clustering order DESC


def test_queries_use_attribute_names(api: Api, m: SimpleNamespace) -> None:
    blog = uuid.uuid4()
    for i in range(1, 5):
        api(m.Post(blog=blog, at=i, title=f"t{i}", score=i * 10, owner="me").save())
    Post = m.Post
    assert [p.at for p in api(Post.find(blog=blog, at__gt=2).all())] == [4, 3]
    assert [p.at for p in api(Post.find(Post.blog == blog, Post.at <= 2).all())] == [2, 1]
    assert [p.at for p in api(Post.find(blog=blog).order_by("at").all())] == [1, 2, 3, 4]
    only = api(Post.find(blog=blog).only("blog", "at", "title").first())
    assert (only.title, only.score) == ("t4", 0)
    deferred = api(Post.find(blog=blog).defer("title").first())
    assert (deferred.title, deferred.score) == ("", 40)
    assert api(Post.find(blog=blog).values_list("at", "score").all())[0] == (4, 40)
    assert api(Post.find(blog=blog, title="t3").values_list("at", flat=True).all()) == [3]
    assert api(Post.find(blog=blog).count()) == 4
    assert api(Post.find(blog=blog).sum("score")) == 100
    distinct = Post.find(blog=blog).distinct("blog", "owner").values_list("blog", "owner")
    assert api(distinct.all()) == [(blog, "me")]
    keyed = api(Post.find(blog__token__gte=token(blog), blog=blog).count())
    assert keyed == 4
    assert api(Post.find(token(Post.blog) == token(blog)).count()) == 4
    api(Post.find(blog=blog, at__in=[1, 2]).delete())
    assert api(Post.find(blog=blog).count()) == 2
    with pytest.raises(UnknownColumnError, match="is attribute 'title'"):
        Post.find(post_title="t3")


def test_counter_columns(api: Api, m: SimpleNamespace) -> None:
    url = f"/{uuid.uuid4().hex}"
    hits = m.Hits(url=url)
    api(hits.increment(hits=3))
    api(hits.decrement(hits=1))
    assert api(m.Hits.get(url=url)).hits == 2
    (row,) = raw(api, f"SELECT hit_count FROM {KEYSPACE}.legacy_hits WHERE page_url = ?", [url])
    assert row == {"hit_count": 2}


def test_a_renamed_discriminator(api: Api, m: SimpleNamespace) -> None:
    sid = uuid.uuid4()
    spider = m.Spider(id=sid, name="itsy")
    assert spider.kind == "spider"
    api(spider.save())
    (row,) = raw(
        api, f"SELECT animal_type, legs FROM {KEYSPACE}.legacy_animal WHERE animal_id = ?", [sid]
    )
    assert row == {"animal_type": "spider", "legs": 8}
    loaded = api(m.Animal.get(id=sid))
    assert type(loaded) is m.Spider and loaded.name == "itsy"
    assert api(m.Spider.get(id=sid)).legs == 8


def test_a_view_with_renamed_columns(api: Api, m: SimpleNamespace) -> None:
    blog = uuid.uuid4()
    heading = f"view-{blog}"
    api(m.Post(blog=blog, at=7, title=heading, score=3).save())
    (row,) = api(m.PostByTitle.find(heading=heading).all())
    assert (row.heading, row.blog, row.at, row.points) == (heading, blog, 7, 3)
    assert api(m.PostByTitle.find(heading=heading, blog=blog).values_list("points").all()) == [(3,)]
