// Mantine's Anchor and Button as router links: typed `to`/`params`/`search`, preloading and
// `aria-current="page"` from TanStack Router, the look from Mantine.
import { Anchor, type AnchorProps, Button, type ButtonProps } from "@mantine/core";
import { createLink } from "@tanstack/react-router";
import { type ComponentPropsWithoutRef, forwardRef } from "react";

const AnchorElement = forwardRef<HTMLAnchorElement, AnchorProps & ComponentPropsWithoutRef<"a">>(
  (props, ref) => <Anchor component="a" ref={ref} {...props} />,
);
const ButtonElement = forwardRef<HTMLAnchorElement, ButtonProps & ComponentPropsWithoutRef<"a">>(
  (props, ref) => <Button component="a" ref={ref} {...props} />,
);

export const AnchorLink = createLink(AnchorElement);
export const ButtonLink = createLink(ButtonElement);
