"""Point of view: whose perceptions and thoughts each scene narrates.

Pipeline position: after speakers. Sets ``Scene.pov`` for every scene and
``Document.narration`` (person and overall focal character).

How, in one linear pass over the narration (text outside quotations):

* first person when "I/me/my" are frequent outside quotes (see
  :func:`ficlens.speakers.narrator.narration_person`); the narrator is the focal
  character of every scene;
* otherwise each scene's focal character is the one most often the subject of a
  perception or thought verb ("he felt", "Meredith wondered", "she saw") or the owner
  of a feeling body ("his heart", "her throat"). A gendered pronoun counts for the
  scene's *anchor* of that gender: the first character of that gender named in the
  scene's narration, unless a pronoun of that gender comes first, in which case the
  pronoun continues the previous scene's character ("Coming out of the elevator, he
  saw..." opens a scene still in Derek's head).
"""

from __future__ import annotations

from .document import Document, Narration, Scene
from .speakers.focus import Focus, scene_focus, scenes_or_whole
from .speakers.narrator import narration_person

__all__ = ["Focus", "find_pov", "scene_focus"]

def find_pov(doc: Document) -> Document:
    """Set each scene's focal character and the document's narration."""
    scenes = scenes_or_whole(doc)
    person = doc.narration.person if doc.narration else narration_person(doc)
    if person == "first":
        narrator = doc.narration.pov if doc.narration else None
        new_scenes = tuple(Scene(s.start, s.end, s.chapter, narrator) for s in scenes) if doc.scenes else ()
        return doc.evolve(scenes=new_scenes or doc.scenes, narration=Narration("first", narrator))
    focus = scene_focus(doc).focus
    weight: dict[str, int] = {}
    for s, f in zip(scenes, focus, strict=True):
        if f is not None:
            weight[f] = weight.get(f, 0) + (s.end - s.start)
    overall = max(weight, key=lambda c: (weight[c], c)) if weight else None
    new_scenes = tuple(Scene(s.start, s.end, s.chapter, f) for s, f in zip(scenes, focus, strict=True))
    return doc.evolve(scenes=new_scenes if doc.scenes else doc.scenes, narration=Narration(person, overall))
