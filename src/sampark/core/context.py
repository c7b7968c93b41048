"""What a service call needs: the unit of work and who is asking."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from sampark.core.permissions import Action, Obj, Principal, require


@dataclass
class Ctx:
    session: Session
    principal: Principal

    def require(self, obj: Obj, action: Action) -> None:
        require(self.principal, obj, action)
