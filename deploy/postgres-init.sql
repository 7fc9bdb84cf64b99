-- The CMS and the publisher keep separate databases on one server.
CREATE DATABASE tongyuan_publisher OWNER tongyuan;
